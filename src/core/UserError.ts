/**
 * A refusal the person should read: plain Chinese saying what is wrong, and the template to copy.
 * The one error path: a command throws it, `handleMessage` turns it into the reply (through
 * `errorReply`), nothing is changed.
 *
 * `message` never repeats what the user typed: it names the kind of thing that is wrong, so it can
 * be shown anywhere. `echo`, when given, is the same refusal quoting the input; it is shown only in a
 * private chat with a bound member (in a group, an echo through the privacy mask is an oracle: a
 * guessed name comes back masked only when it is right). `line`, set with `at()`, says which line of
 * the message is wrong, so a private reply can quote the message with that line marked.
 */
export class UserError extends Error {
  override name = 'UserError';
  /** the field names (`类别` and its aliases) of the wrong line, or `command` for the first line */
  line: readonly string[] | 'command' | undefined;
  constructor(
    message: string,
    readonly template?: string,
    readonly echo?: string,
  ) {
    super(message);
  }

  /** Marks the wrong line: a field's names, or the command line itself. */
  at(line: readonly string[] | 'command'): this {
    this.line = line;
    return this;
  }

  /** The reply text, without any echo of the input. */
  get text(): string {
    return this.textFor(false);
  }

  /** The reply text; with the echo when `mayEcho` (a private chat with a bound member). */
  textFor(mayEcho: boolean): string {
    const body = mayEcho && this.echo ? this.echo : this.message;
    return this.template ? `${body}\n\n请复制后修改再发送：\n${this.template}` : body;
  }
}
