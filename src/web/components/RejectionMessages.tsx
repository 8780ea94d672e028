// An async click handler that fails (a download, an export, a list that will not load) would
// otherwise fail silently: React ignores the promise it returns. Show its error instead.
import { useEffect } from 'react';
import { App } from 'antd';
import { ApiError } from '../api.js';

export function RejectionMessages() {
  const { message } = App.useApp();
  useEffect(() => {
    const show = (e: PromiseRejectionEvent) => {
      const err = e.reason;
      if (err instanceof ApiError) void message.error(err.problem.detail || err.problem.title);
      else void message.error('操作失败，请稍后重试');
    };
    window.addEventListener('unhandledrejection', show);
    return () => window.removeEventListener('unhandledrejection', show);
  }, [message]);
  return null;
}
