import { Alert } from 'antd';
import { useErrorText } from '../lib/error-text.js';

/** A page's load failure, in the server's own words. */
export function LoadError({ error }: { error: unknown }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <Alert type="error" showIcon title={text(error)} style={{ marginBottom: 16 }} data-testid="load-error" />
  );
}
