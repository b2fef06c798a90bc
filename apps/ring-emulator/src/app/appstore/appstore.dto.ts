import { z } from 'zod';
import { parseBody } from '../events/events.dto';
import type { ConfirmForm } from './appstore.service';

const id = z.string().trim().min(1).max(200);

/** The Confirm form: `form_token`, `account_id`, and one `device_id` per checked box (none, one or several). */
const confirmForm = z.object({
  form_token: z.string().min(1).max(200),
  account_id: id,
  device_id: z.union([id, z.array(id)]).optional(),
});

export function parseConfirmForm(body: unknown): ConfirmForm {
  const form = parseBody(confirmForm, body);
  const deviceIds =
    form.device_id === undefined ? [] : Array.isArray(form.device_id) ? form.device_id : [form.device_id];
  return { formToken: form.form_token, accountId: form.account_id, deviceIds };
}

/** `POST /_emulator/install` body: everything optional (the demo user, all devices). */
export const installBody = z.strictObject({
  account_id: id.optional(),
  device_ids: z.array(id).max(100).optional(),
});
