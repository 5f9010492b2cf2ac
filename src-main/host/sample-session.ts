// The sample investigation offered on first launch: a real session recorded from the lab's seed
// scenario (`snatscope probe default/frontend`, two relays), bundled into the main build as text.
import sample from '../../resources/sample/seed-session.json?raw';

export const SAMPLE_SESSION: string = sample;
