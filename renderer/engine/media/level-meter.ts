/**
 * How loud a stream's microphone is right now, from 0 (silence) to 1, read
 * with a Web Audio AnalyserNode. The meter owns its AudioContext and closes
 * it when done, so a page that re-captures the preview never piles them up.
 */

/** The quietest level the meter shows above zero, in dB below full scale. */
const FLOOR_DB = -60;

/**
 * Loudness of a block of samples on the meter's scale: RMS in decibels, with
 * -60 dBFS and below at 0 and full scale at 1, the way ears (and the usual
 * audio meters) see it: speech is around the middle, not a sliver.
 */
export function levelOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / samples.length);
  if (rms === 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

export class LevelMeter {
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly samples: Float32Array<ArrayBuffer>;
  private closed = false;

  /** Throws when the stream has no audio track. */
  constructor(stream: MediaStream) {
    const [track] = stream.getAudioTracks();
    if (!track) throw new Error('The stream has no microphone to measure.');
    this.context = new AudioContext();
    // Only this track: a stream whose tracks are swapped later is measured as it was.
    this.source = this.context.createMediaStreamSource(new MediaStream([track]));
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 1024;
    this.samples = new Float32Array(this.analyser.fftSize);
    this.source.connect(this.analyser);
  }

  /**
   * Browsers start an AudioContext suspended until the user has interacted
   * with the page; the meter reads silence until then. Call on a user gesture.
   */
  resume(): void {
    if (!this.closed && this.context.state === 'suspended') void this.context.resume().catch(() => {});
  }

  /**
   * Stops the audio processing while nobody reads the meter (the page is
   * hidden, the menu closed); resume() starts it again. Also while the
   * context is still starting: a context that has not reached 'running'
   * would otherwise start by itself once allowed.
   */
  suspend(): void {
    if (!this.closed && this.context.state !== 'closed') void this.context.suspend().catch(() => {});
  }

  get running(): boolean {
    return !this.closed && this.context.state === 'running';
  }

  level(): number {
    if (this.closed) return 0;
    this.analyser.getFloatTimeDomainData(this.samples);
    return levelOf(this.samples);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.source.disconnect();
    void this.context.close().catch(() => {});
  }
}
