interface OverallBadgeProps {
  ready: boolean;
}

export function OverallBadge({ ready }: OverallBadgeProps) {
  return (
    <span className={`overall overall--${ready ? 'ok' : 'bad'}`} data-testid="overall">
      <span className="overall__dot" aria-hidden="true" />
      {ready ? 'All systems ready' : 'Degraded'}
    </span>
  );
}
