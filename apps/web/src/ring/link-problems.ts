// What the user sees when a link cannot go through: a human title, what happened and what to do next.
// Plain TypeScript: unit-tested in Node.

export interface LinkProblem {
  code: string;
  title: string;
  message: string;
  /** What to do about it. */
  action: string;
  /** True when the user may already have a linked account to look at (offer /ring/config). */
  offerConfig: boolean;
}

const TRY_AGAIN = 'Go back to the Ring app, open Ringside in the App Store and press Confirm again to get a new link.';

const PROBLEMS: Record<string, Omit<LinkProblem, 'code'>> = {
  link_missing: {
    title: 'This link is incomplete',
    message: 'The address is missing the information the Ring app adds to it, so there is nothing to link.',
    action: TRY_AGAIN,
    offerConfig: false,
  },
  link_malformed: {
    title: 'This link is not valid',
    message: 'The address was changed or cut off on its way here, so it cannot be used to link your Ring account.',
    action: TRY_AGAIN,
    offerConfig: false,
  },
  link_expired: {
    title: 'This link has expired',
    message: 'Links from the Ring app work for 10 minutes, and this one is older than that.',
    action: TRY_AGAIN,
    offerConfig: false,
  },
  link_in_future: {
    title: 'This link is not valid yet',
    message: 'The link carries a time in the future. This usually means the clock of the device that opened it is wrong.',
    action: `Check your device's date and time, then ${TRY_AGAIN.charAt(0).toLowerCase()}${TRY_AGAIN.slice(1)}`,
    offerConfig: false,
  },
  link_not_found: {
    title: 'We could not find this link',
    message: 'Ringside has no pending Ring installation for this link. The installation may not have finished, or it was removed.',
    action: TRY_AGAIN,
    offerConfig: false,
  },
  link_already_used: {
    title: 'This link has already been used',
    message: 'Each link from the Ring app can link an account once, and this one already did.',
    action: `If you linked it, your Ring account is listed on your Ring accounts page. Otherwise: ${TRY_AGAIN}`,
    offerConfig: true,
  },
  ring_account_linked_elsewhere: {
    title: 'This Ring account is linked to another Ringside account',
    message: 'A Ring account can be linked to one Ringside account at a time.',
    action: 'Sign in with the Ringside account it is linked to, or unlink it there first, then link again from the Ring app.',
    offerConfig: true,
  },
  ring_rejected_link: {
    title: 'Ring did not accept the link',
    message: 'Ring refused to complete the link for this installation.',
    action: TRY_AGAIN,
    offerConfig: false,
  },
};

/** The problem view for an error code, or undefined when the code is not a link problem (show it as an error). */
export function linkProblem(code: string): LinkProblem | undefined {
  const problem = Object.prototype.hasOwnProperty.call(PROBLEMS, code) ? PROBLEMS[code] : undefined;
  return problem ? { code, ...problem } : undefined;
}
