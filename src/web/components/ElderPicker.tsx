// Finding an elder by name, pinyin initials or phone, for any form that files something for one.
import { useState } from 'react';
import { Select } from 'antd';
import { get } from '../api.js';

type Option = { value: number; label: string };
interface Found {
  id: number;
  name: string;
  age: number;
  regionName: string;
  address: string;
}
export const elderLabel = (e: Found) => `${e.name}（${e.age} 岁，${e.regionName}，${e.address}）`;

/** A controlled field: Form.Item passes id (for its label), value and onChange; `initial` labels a preset elder. */
export function ElderPicker({
  id,
  value,
  onChange,
  initial,
}: {
  id?: string;
  value?: number;
  onChange?: (id: number) => void;
  initial?: Option;
}) {
  const [options, setOptions] = useState<Option[]>(initial ? [initial] : []);
  const search = async (q: string) => {
    if (!q.trim()) return;
    const page = await get<{ items: Found[] }>('/api/elders', { q, pageSize: 20 });
    setOptions(page.items.map((e) => ({ value: e.id, label: elderLabel(e) })));
  };
  return (
    <Select
      id={id}
      showSearch
      filterOption={false}
      onSearch={search}
      options={options}
      value={value}
      onChange={onChange}
      placeholder="输入姓名、拼音首字母或电话"
      notFoundContent="输入后查找"
    />
  );
}
