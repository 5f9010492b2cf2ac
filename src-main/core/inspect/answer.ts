// Predicts a list of questions against one inventory (environment-neutral: inspect and the
// what-if preview both use it). "Every node" targets on big clusters are predicted for a sample
// of entry nodes (questions.ts entryNodeSample), and the answer says so.
import type { Inventory } from '../inventory/types';
import { predict } from '../prediction/predict';
import { entryNodeSample, type Question } from './questions';
import type { Answer } from './types';

export function answerEach(inventory: Inventory, questions: Question[]): Answer[] {
  const sample = entryNodeSample(inventory);
  return questions.map((q) => {
    const everyNode = (q.target.kind === 'nodePort' && !q.target.node && !q.target.address) || q.target.kind === 'loadBalancer';
    const restrict = sample && everyNode ? sample : null;
    return {
      id: q.id,
      prediction: predict(inventory, q.origin, q.target, restrict ? { entryNodes: restrict } : {}),
      coverage: restrict ? { entryNodes: inventory.nodes.length, predictedEntryNodes: restrict.length } : null,
    };
  });
}
