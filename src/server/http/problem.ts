// RFC 9457 problem details. Every error a client sees is one of these, in Chinese.
import type { FieldError } from './problem-types.js';

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly type = 'about:blank',
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new ProblemError(400, '请求参数有误', detail, errors);
export const fieldError = (field: string, message: string) => badRequest(`${message}`, [{ field, message }]);
export const unauthorized = (detail = '请先登录') => new ProblemError(401, '未登录', detail);
export const forbidden = (detail = '您没有执行此操作的权限') => new ProblemError(403, '无权访问', detail);
export const notFound = (detail = '请求的资源不存在') => new ProblemError(404, '未找到', detail);
export const conflict = (detail: string, errors?: FieldError[]) => new ProblemError(409, '数据冲突', detail, errors);
