// Auto-pagination. A list method returns a PagePromise: awaiting it gives one page exactly as the
// API sent it; iterating it with `for await` walks every item of every page, fetching the next
// page (the same filters, `starting_after` the cursor the API names) only when the last is used up.

export interface PageBody<T> {
  data: T[];
  pagination: {
    next_page?: string | null;
    next_uri?: string | null;
    starting_after?: string | null;
    [key: string]: unknown;
  };
}

export type FetchPage<P> = (query: Record<string, unknown>) => Promise<P>;

/** The query of the page after `page`, or null when it was the last one. */
export function nextQuery(query: Record<string, unknown>, page: PageBody<unknown>): Record<string, unknown> | null {
  const link = page.pagination?.next_page ?? page.pagination?.next_uri;
  if (!link || page.data.length === 0) return null;
  const next: Record<string, unknown> = { ...query };
  delete next.ending_before;
  const params = new URL(link, 'http://finos.invalid').searchParams;
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    next[key] = values.length > 1 ? values : values[0];
  }
  if (!params.has('starting_after')) {
    const last = page.data[page.data.length - 1] as { id?: unknown } | undefined;
    if (typeof last?.id !== 'string') return null;
    next.starting_after = last.id;
  }
  return next;
}

/**
 * A promise of one page that is also an async iterable over every item of every page. The first
 * page is requested once, when it is first awaited or iterated, so iterating without awaiting
 * leaves no unobserved rejection behind.
 */
export class PagePromise<P extends PageBody<unknown>> implements Promise<P>, AsyncIterable<P['data'][number]> {
  readonly [Symbol.toStringTag] = 'PagePromise';
  readonly #fetch: FetchPage<P>;
  readonly #query: Record<string, unknown>;
  #first: Promise<P> | undefined;

  constructor(fetchPage: FetchPage<P>, query: Record<string, unknown> = {}) {
    this.#fetch = fetchPage;
    this.#query = query;
  }

  #page(): Promise<P> {
    this.#first ??= this.#fetch(this.#query);
    return this.#first;
  }

  then<A = P, B = never>(onFulfilled?: ((page: P) => A | PromiseLike<A>) | null, onRejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.#page().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<P | B> {
    return this.#page().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<P> {
    return this.#page().finally(onFinally);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<P['data'][number]> {
    let page = await this.#page();
    let query: Record<string, unknown> | null = this.#query;
    for (;;) {
      for (const item of page.data) yield item;
      query = nextQuery(query, page);
      if (!query) return;
      page = await this.#fetch(query);
    }
  }

  /** Every item of every page, up to `max` (10,000 by default). */
  async toArray(max = 10_000): Promise<Array<P['data'][number]>> {
    const out: Array<P['data'][number]> = [];
    if (max <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= max) break;
    }
    return out;
  }
}
