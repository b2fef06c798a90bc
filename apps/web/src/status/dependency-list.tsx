import type { DependencyHealth } from '@ringside/contracts';
import { formatLatency } from '../format';

interface DependencyListProps {
  dependencies: DependencyHealth[];
}

/** postgres / redis / nats with their state and how long the check took. */
export function DependencyList({ dependencies }: DependencyListProps) {
  if (dependencies.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="deps">
      {dependencies.map((dep) => (
        <li key={dep.name} className={`dep dep--${dep.ok ? 'ok' : 'bad'}`} data-testid={`dep-${dep.name}`}>
          <span className="dep__dot" aria-hidden="true" />
          <span className="dep__name">{dep.name}</span>
          <span className="visually-hidden">{dep.ok ? ' ok' : ' failing'}</span>
          <span className="dep__latency">{formatLatency(dep.latencyMs)}</span>
          {!dep.ok && dep.error ? <span className="dep__error">{dep.error}</span> : null}
        </li>
      ))}
    </ul>
  );
}
