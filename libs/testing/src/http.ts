export interface HttpResult<T = unknown> {
  status: number;
  contentType: string;
  body: T;
  headers: Headers;
}

/** A JSON request against a service; the body is parsed whatever the status, so errors can be asserted. */
export async function request<T = unknown>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // keep the raw text; the assertion will show it
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: parsed as T, headers: res.headers };
}

/** Retries `attempt` until `done` holds; for eventually consistent reads across services. */
export async function eventually<T>(attempt: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await attempt();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
}
