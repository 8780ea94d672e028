// What an untyped antd form hands back after validation: each field as its control left it
// (text, number, dayjs, list). The request built from it is checked by the server's schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a form's bag of fields, read field by field
export type FormValues = Record<string, any>;
