import { useEffect } from 'react';

interface NotFoundPageProps {
  path: string;
}

export function NotFoundPage({ path }: NotFoundPageProps) {
  useEffect(() => {
    document.title = 'Ringside · Page not found';
  }, []);

  return (
    <main className="page page--narrow">
      <h1 className="brand">
        <span className="brand__mark" aria-hidden="true" />
        Ringside
      </h1>
      <div className="panel" data-testid="not-found">
        <h2>Page not found</h2>
        <p>
          There is no page at <code>{path}</code>.
        </p>
        <p>
          <a href="/">Back to the system status</a>
        </p>
      </div>
    </main>
  );
}
