// The error a message's work throws when a row it read was removed or changed by a concurrent
// message (an undo on another instance) before it wrote: the message's transaction rolls back and
// is retried from the start (assistant.ts), reading the current state. Its own module so the
// domain's writers can throw it without importing the assistant.
export class ConcurrentChangeError extends Error {}
