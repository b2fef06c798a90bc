interface ReadyBadgeProps {
  service: string;
  ready: boolean;
  reachable: boolean;
}

/** "ready" / "not ready" in words (the colour only repeats them); "unreachable" is said in the title. */
export function ReadyBadge({ service, ready, reachable }: ReadyBadgeProps) {
  const tone = ready ? 'ok' : reachable ? 'warn' : 'bad';
  return (
    <span
      className={`badge badge--${tone}`}
      data-testid={`ready-${service}`}
      title={reachable ? undefined : 'Service unreachable'}
    >
      {ready ? 'ready' : 'not ready'}
    </span>
  );
}
