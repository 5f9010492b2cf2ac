// Result shapes of an inspection (environment-neutral: shared with the renderer via the contract).
import type { Inventory } from '../inventory/types';
import type { Prediction } from '../prediction/types';
import type { Hazard } from '../scan/scan';
import type { Session } from '../probe/session-types';

export interface Answer {
  /** e.g. "desktop>nodePort:30080/TCP" or "pod:node1>clusterIP:80/TCP". */
  id: string;
  prediction: Prediction;
  /**
   * On big clusters, "every node" targets are predicted for a sample of entry nodes (every node
   * with an endpoint, and a few without): the others behave like the sampled ones of their kind.
   */
  coverage: { entryNodes: number; predictedEntryNodes: number } | null;
}

export interface InspectResult {
  inventory: Inventory;
  answers: Answer[];
  hazards: Hazard[];
  /**
   * The same prediction as a document (core/inspect/prediction-document.ts): the app's predicted
   * matrix, Why panel, Save, Export and Report use it when there is no probe. Built in main.
   */
  document?: Session | null;
}
