// One zod instance for server and web, with Chinese messages: every validation error a
// user can see comes from here or from a schema's own message.
import { z } from 'zod';

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '是/否',
  object: '对象',
  array: '列表',
  date: '日期',
  bigint: '整数',
  null: '空值',
};

z.config(z.locales.zhCN());
z.config({
  customError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return '必填';
        return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
      case 'too_small': {
        const n = Number(issue.minimum);
        if (issue.origin === 'string') return n <= 1 ? '不能为空' : `至少 ${n} 个字符`;
        if (issue.origin === 'array') return `至少 ${n} 项`;
        return issue.inclusive ? `不能小于 ${n}` : `必须大于 ${n}`;
      }
      case 'too_big': {
        const n = Number(issue.maximum);
        if (issue.origin === 'string') return `最多 ${n} 个字符`;
        if (issue.origin === 'array') return `最多 ${n} 项`;
        return issue.inclusive ? `不能大于 ${n}` : `必须小于 ${n}`;
      }
      case 'invalid_value':
        return `取值无效，可选值：${issue.values.map(String).join('、')}`;
      case 'invalid_format':
        return '格式不正确';
      case 'unrecognized_keys':
        return `不允许的字段：${issue.keys.join('、')}`;
      default:
        return undefined;
    }
  },
});

export { z };
