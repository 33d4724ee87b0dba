/**
 * The functions the desktop app's preload gives the page, and nothing more:
 * checked against the preload module (unit test) and against a real Electron
 * window (browser test), so both hold the same list.
 */
export const exposedBridgeFunctions = [
  'advertiseRoom',
  'answerScreenSourceRequest',
  'createDownload',
  'discardDownload',
  'finishDownload',
  'getHostInfo',
  'loadSettings',
  'onCertificateRefused',
  'onScreenSourceRequest',
  'saveSettings',
  'startHosting',
  'stopHosting',
  'trustCertificate',
  'watchAppLinks',
  'watchRooms',
  'writeDownload',
];
