import { useState } from 'react';
import type { ImportDraft } from '../api/client.js';
import { useI18n } from '../i18n/index.js';
import { useErrorText } from './error-text.js';

/**
 * The state of handing a plan document to the server, pasted or uploaded: the pasted text, the error to show
 * and whether a request is under way. `send` posts either `{ text }` or a multipart form holding the file; the
 * resulting draft goes to `onDraft`. An empty paste is refused here, before any request.
 */
export function usePlanDocument(
  send: (document: { text: string } | { file: File; form: FormData }) => Promise<ImportDraft>,
  onDraft: (draft: ImportDraft) => void,
) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (document: Parameters<typeof send>[0]) => {
    setBusy(true);
    setError(null);
    send(document)
      .then(onDraft)
      .catch((failure: unknown) => setError(errorText(failure)))
      .finally(() => setBusy(false));
  };

  const submitText = () => {
    if (!text.trim()) {
      setError(t('import.emptyText'));
      return;
    }
    submit({ text });
  };

  const submitFile = (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    submit({ file, form });
  };

  return { text, setText, error, busy, submitText, submitFile };
}
