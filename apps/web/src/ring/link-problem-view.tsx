import type { LinkProblem } from './link-problems';

/** A link that cannot go through: what happened and what to do about it. */
export function LinkProblemView({ problem }: { problem: LinkProblem }) {
  return (
    <section className="panel panel--problem" role="alert" data-testid="link-error" data-code={problem.code} aria-labelledby="link-problem-heading">
      <h2 id="link-problem-heading">{problem.title}</h2>
      <p>{problem.message}</p>
      <p>
        <strong>What to do:</strong> {problem.action}
      </p>
      {problem.offerConfig ? (
        <p>
          <a href="/ring/config">See your linked Ring accounts</a>
        </p>
      ) : null}
    </section>
  );
}
