import type { SystemStatus } from '@ringside/contracts';
import { formatLatency, formatUptime } from '../format';
import { DependencyList } from './dependency-list';
import { ReadyBadge } from './ready-badge';
import { serviceLabel } from './service-names';

export type ServiceEntry = SystemStatus['services'][number];

interface ServiceRowProps {
  entry: ServiceEntry;
}

export function ServiceRow({ entry }: ServiceRowProps) {
  const { service, status } = entry;
  return (
    <tr data-testid={`service-${service}`} className={entry.ready ? undefined : 'row--attention'}>
      <th scope="row">
        <span className="service__label">{serviceLabel(service)}</span>
        <code className="service__name">{service}</code>
      </th>
      <td data-label="State">
        <ReadyBadge service={service} ready={entry.ready} reachable={entry.reachable} />
      </td>
      {status ? (
        <>
          <td data-label="Version">
            <code data-testid={`version-${service}`}>{status.version}</code>
          </td>
          <td
            data-label="Uptime"
            className="nowrap"
            title={`Started ${new Date(status.startedAt).toLocaleString()}`}
          >
            {formatUptime(status.uptimeSeconds)}
          </td>
          <td data-label="Dependencies">
            <DependencyList dependencies={status.dependencies} />
          </td>
        </>
      ) : (
        <td colSpan={3} data-label="Error" className="service__error" data-testid={`error-${service}`}>
          {entry.error ?? 'No answer.'}
        </td>
      )}
      <td data-label="Answered in" className="num">
        {formatLatency(entry.latencyMs)}
      </td>
    </tr>
  );
}
