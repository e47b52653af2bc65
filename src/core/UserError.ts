/**
 * A refusal the person should read: plain Chinese saying what is wrong, and the template to copy.
 * The one error path: a command throws it, `handleMessage` turns it into the reply, nothing is changed.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly template?: string,
  ) {
    super(message);
  }

  /** The reply text. */
  get text(): string {
    return this.template ? `${this.message}\n\n请复制后修改再发送：\n${this.template}` : this.message;
  }
}
