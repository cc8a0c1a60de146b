/** A protocol broke the API's rules (e.g. sent to a node that is not its neighbour). */
export class ProtocolError extends Error {}
