// A tiny hash router: #/queue, #/enrollments/<id>, #/audit, #/webhooks. Hash routes keep
// the server's fallback trivial and work from any path.

export type Route = { name: 'queue' } | { name: 'detail'; userId: string } | { name: 'audit' } | { name: 'webhooks' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const detail = /^\/enrollments\/([^/]+)$/.exec(path);
  if (detail?.[1]) return { name: 'detail', userId: decodeURIComponent(detail[1]) };
  if (path === '/audit') return { name: 'audit' };
  if (path === '/webhooks') return { name: 'webhooks' };
  return { name: 'queue' };
}

export function hrefFor(route: Route): string {
  if (route.name === 'detail') return `#/enrollments/${encodeURIComponent(route.userId)}`;
  return `#/${route.name}`;
}

export class Router {
  route = $state<Route>({ name: 'queue' });

  constructor(private readonly win: Window = window) {
    this.route = parseHash(win.location.hash);
    win.addEventListener('hashchange', () => {
      this.route = parseHash(win.location.hash);
    });
  }

  go(route: Route): void {
    this.win.location.hash = hrefFor(route);
    this.route = route;
  }
}
