// Electron security checklist:
//  #2 "Do not enable Node.js integration for remote content"  -> nodeIntegration: false (+ in workers, subframes)
//  #3 "Enable context isolation"                               -> contextIsolation: true
//  #4 "Enable process sandboxing"                              -> sandbox: true
//  #6 "Do not disable webSecurity"                             -> webSecurity: true
//  #8 "Do not enable allowRunningInsecureContent"              -> false
//  #9 "Do not enable experimental features"                    -> false
// #10 "Do not use enableBlinkFeatures"                         -> not set
// #12 "Verify WebView options before creation"                 -> webviewTag: false (and see webviews.ts)
// DevTools are off in packaged builds: nobody should be invited to paste code into the window
// that holds cluster credentials' results.
import type { WebPreferences } from 'electron';

export interface WebPreferenceOptions {
  /** Allow DevTools (unpackaged builds only). */
  devTools?: boolean;
}

export function secureWebPreferences(preloadPath: string, options: WebPreferenceOptions = {}): WebPreferences {
  return {
    preload: preloadPath,
    devTools: options.devTools ?? false,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** The settings that must hold for every window; used by a test and by a runtime assertion. */
export function insecurePreferences(prefs: WebPreferences): string[] {
  const problems: string[] = [];
  if (prefs.contextIsolation !== true) problems.push('contextIsolation must be true');
  if (prefs.sandbox !== true) problems.push('sandbox must be true');
  if (prefs.nodeIntegration) problems.push('nodeIntegration must be false');
  if (prefs.nodeIntegrationInWorker) problems.push('nodeIntegrationInWorker must be false');
  if (prefs.nodeIntegrationInSubFrames) problems.push('nodeIntegrationInSubFrames must be false');
  if (prefs.webSecurity === false) problems.push('webSecurity must not be disabled');
  if (prefs.allowRunningInsecureContent) problems.push('allowRunningInsecureContent must be false');
  if (prefs.experimentalFeatures) problems.push('experimentalFeatures must be false');
  if (prefs.enableBlinkFeatures) problems.push('enableBlinkFeatures must not be set');
  if (prefs.webviewTag) problems.push('webviewTag must be false');
  return problems;
}
