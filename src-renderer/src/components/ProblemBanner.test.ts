import { describe, expect, it } from 'vitest';
import { mountWith } from '../test/mount';
import ProblemBanner from './ProblemBanner.vue';

describe('ProblemBanner', () => {
  it('explains a missing token with what to do', () => {
    const w = mountWith(ProblemBanner, { props: { problem: { kind: 'noToken', message: 'x' } } });
    expect(w.attributes('role')).toBe('alert');
    expect(w.text()).toContain('npm run serve');
  });
  it('shows other messages as text', () => {
    const w = mountWith(ProblemBanner, { props: { problem: { kind: 'generic', message: '<i>boom</i>' } } });
    expect(w.find('i').exists()).toBe(false);
    expect(w.text()).toContain('<i>boom</i>');
  });
});
