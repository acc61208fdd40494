import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { DateTime } from 'luxon';
import { EnvironmentRecord } from '../database/EnvironmentStore';

const TOPIC = 'environments';
const LINK = '/environments';

/**
 * Tells people about their environments through the notifications plugin. A failed send is
 * logged, never thrown: the lifecycle must not stop because a notification did not go out.
 */
export class EnvironmentNotifier {
  constructor(
    private readonly options: {
      notifications: Pick<NotificationService, 'send'>;
      logger: LoggerService;
    },
  ) {}

  pendingApproval(record: EnvironmentRecord, approvers: string[]) {
    return this.send(approvers, record, {
      title: `Approve environment ${record.name}?`,
      description: `${record.requestedBy} requests a ${record.type} environment (${record.size}) for ${record.entityRef}: ${record.estimateTotal} ${record.currency} for ${record.ttlHours} hours. Purpose: ${record.purpose}`,
      severity: 'normal',
    });
  }

  rejected(record: EnvironmentRecord, reason: string) {
    return this.send([record.requestedBy], record, {
      title: `Environment ${record.name} was rejected`,
      description: reason,
      severity: 'normal',
    });
  }

  ready(record: EnvironmentRecord) {
    return this.send([record.requestedBy], record, {
      title: `Environment ${record.name} is ready`,
      description: `${record.url ?? ''} until ${record.expiresAt}`.trim(),
      severity: 'normal',
    });
  }

  reminder(record: EnvironmentRecord, expiresAt: DateTime, now: DateTime) {
    return this.send([record.requestedBy], record, {
      title: `Environment ${record.name} expires ${expiresAt.toRelative({
        base: now,
      })}`,
      description: `It is torn down at ${record.expiresAt}; extend it from the Environments page to keep it.`,
      severity: 'high',
    });
  }

  expired(record: EnvironmentRecord) {
    return this.send([record.requestedBy], record, {
      title: `Environment ${record.name} expired and is being torn down`,
      severity: 'normal',
    });
  }

  destroyed(record: EnvironmentRecord) {
    return this.send([record.requestedBy], record, {
      title: `Environment ${record.name} was destroyed`,
      severity: 'low',
    });
  }

  failed(record: EnvironmentRecord) {
    return this.send([record.requestedBy], record, {
      title: `Environment ${record.name} failed`,
      description: `${
        record.failureReason ?? 'unknown error'
      }; retry it from the Environments page.`,
      severity: 'high',
    });
  }

  private async send(
    recipients: string[],
    record: EnvironmentRecord,
    payload: Omit<NotificationPayload, 'topic' | 'link'>,
  ): Promise<void> {
    try {
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: { ...payload, topic: TOPIC, link: LINK },
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify ${recipients.join(', ')} about environment ${
          record.id
        }: ${error}`,
      );
    }
  }
}
