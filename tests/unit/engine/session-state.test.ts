import { describe, expect, it } from 'vitest';
import { canTransition, SessionState, workflowState } from '../../../renderer/engine/session-state.js';

describe('the session state machine', () => {
  it('follows the workflow idle -> connecting -> joined -> left', () => {
    const seen: string[] = [];
    const state = new SessionState((next, previous) => seen.push(`${previous} -> ${next}`));
    state.set('connecting');
    state.set('joined');
    state.set('reconnecting');
    state.set('joined');
    state.set('left');
    expect(seen).toEqual([
      'idle -> connecting',
      'connecting -> joined',
      'joined -> reconnecting',
      'reconnecting -> joined',
      'joined -> left',
    ]);
  });

  it('skips repeats without notifying', () => {
    let calls = 0;
    const state = new SessionState(() => calls++);
    expect(state.set('connecting')).toBe(true);
    expect(state.set('connecting')).toBe(false);
    expect(calls).toBe(1);
  });

  it('lets a failed join go back to idle, and refuses skipping steps', () => {
    expect(canTransition('connecting', 'idle')).toBe(true);
    expect(canTransition('idle', 'joined')).toBe(false);
    expect(canTransition('left', 'joined')).toBe(false);
    const state = new SessionState(() => {});
    expect(() => state.set('joined')).toThrow('invalid session transition idle -> joined');
    expect(state.current).toBe('idle');
  });

  it('derives publishing from being joined and sending, storing it nowhere', () => {
    expect(workflowState('joined', true)).toBe('publishing');
    expect(workflowState('joined', false)).toBe('joined');
    expect(workflowState('reconnecting', true)).toBe('reconnecting');
    expect(workflowState('left', false)).toBe('left');
  });
});
