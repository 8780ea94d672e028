// State of a list that the server filters, sorts and pages: the query, the page, the sort
// ("field" or "-field"), loading, export of every page, and the props an antd Table needs.
import { useCallback, useEffect, useState } from 'react';
import { App, type TableProps } from 'antd';
import { get } from '../api.js';
import { fetchAllPages } from './export-csv.js';

type Query = Record<string, string | number | boolean | undefined | null>;
interface Page<T> {
  items: T[];
  total: number;
}

export function useServerList<T extends { id: number }>(
  url: string,
  opts: { defaultSort: string; totalLabel: (n: number) => string; initialQuery?: Query },
) {
  const { message } = App.useApp();
  const [query, setQuery] = useState<Query>(opts.initialQuery ?? {});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20, sort: opts.defaultSort });
  const [data, setData] = useState<Page<T>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await get<Page<T>>(url, { ...query, ...paging }));
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setLoading(false);
    }
  }, [url, query, paging, message]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const search = (q: Query) => {
    setQuery(q);
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const fetchAll = () =>
    fetchAllPages((page, pageSize) => get<Page<T>>(url, { ...query, sort: paging.sort, page, pageSize }));
  const sortOrder = (field: string) =>
    paging.sort === field ? 'ascend' : paging.sort === `-${field}` ? 'descend' : null;

  const tableProps: TableProps<T> = {
    rowKey: 'id',
    size: 'small',
    loading,
    dataSource: data.items,
    scroll: { x: 'max-content' },
    pagination: {
      current: paging.page,
      pageSize: paging.pageSize,
      total: data.total,
      showSizeChanger: true,
      showTotal: opts.totalLabel,
    },
    onChange: (p, _filters, sorter) => {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const sort = s?.order ? `${s.order === 'descend' ? '-' : ''}${String(s.field)}` : opts.defaultSort;
      setPaging({ page: p.current ?? 1, pageSize: p.pageSize ?? 20, sort });
    },
  };
  return { data, search, reload, fetchAll, sortOrder, tableProps };
}
