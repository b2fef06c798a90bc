import { describe, expect, it } from '@jest/globals';
import { linkProblem } from './link-problems';

describe(linkProblem.name, () => {
  it('has a title, an explanation and a next step for every link error the API and the page produce', () => {
    for (const code of [
      'link_missing',
      'link_malformed',
      'link_expired',
      'link_in_future',
      'link_not_found',
      'link_already_used',
      'ring_account_linked_elsewhere',
      'ring_rejected_link',
    ]) {
      const problem = linkProblem(code);
      expect(problem?.code).toBe(code);
      expect(problem?.title).toBeTruthy();
      expect(problem?.message).toBeTruthy();
      expect(problem?.action).toMatch(/\S/);
    }
  });

  it('sends the user back to the Ring app for a stale link', () => {
    expect(linkProblem('link_expired')?.action).toMatch(/Ring app/);
    expect(linkProblem('link_expired')?.offerConfig).toBe(false);
    expect(linkProblem('link_already_used')?.offerConfig).toBe(true);
  });

  it('leaves other errors (and prototype names) to the generic error view', () => {
    expect(linkProblem('unauthenticated')).toBeUndefined();
    expect(linkProblem('internal_error')).toBeUndefined();
    expect(linkProblem('toString')).toBeUndefined();
    expect(linkProblem('__proto__')).toBeUndefined();
  });
});
