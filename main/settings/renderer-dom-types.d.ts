/**
 * DOM types that the shared settings schema reaches through its imports.
 *
 * The main process validates settings with the renderer's own parser
 * (renderer/engine/settings/user-settings.ts), which names the quality
 * presets from renderer/engine/media/quality.ts. That file describes presets
 * with one WebRTC type, and the main process compiles without the DOM
 * library, so the type is declared here, as lib.dom.d.ts declares it. Only
 * the type is needed: nothing the main process runs touches WebRTC.
 */
type RTCDegradationPreference = 'balanced' | 'maintain-framerate' | 'maintain-resolution';
