/** Bad sweep or merge input (a `--vary`, `--seeds`, `--shard` or shard file problem): the CLI exits 2 with the message. */
export class SweepInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepInputError';
  }
}
