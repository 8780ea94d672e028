import { Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { ARCHIVE_TEXT } from './provider-labels.js';

interface Archived {
  id: number;
  number: string;
  validUntil: string | null;
  archiveReason: string | null;
  archivedByName: string | null;
  archivedAt: string;
}

/**
 * The 已归档 section under a provider's licences or a caregiver's certificates: what was taken
 * off file, why, by whom and when. Nothing shows while nothing is archived.
 */
export function ArchivedDocuments<T extends Archived>(props: {
  items: T[];
  testId: string;
  kindTitle: string;
  kindOf: (item: T) => string;
}) {
  if (props.items.length === 0) return null;
  return (
    <>
      <Typography.Text strong style={{ display: 'block', margin: '16px 0 8px' }}>
        {ARCHIVE_TEXT.section}
      </Typography.Text>
      <Table<T>
        rowKey="id"
        size="small"
        pagination={false}
        data-testid={props.testId}
        dataSource={props.items}
        columns={[
          { title: props.kindTitle, key: 'kind', render: (_, x) => props.kindOf(x) },
          { title: '编号', dataIndex: 'number', responsive: ['sm'] },
          { title: '有效期至', dataIndex: 'validUntil', render: (v) => v ?? '长期', responsive: ['md'] },
          { title: ARCHIVE_TEXT.reasonLabel, dataIndex: 'archiveReason' },
          { title: ARCHIVE_TEXT.archivedBy, dataIndex: 'archivedByName', responsive: ['sm'] },
          {
            title: ARCHIVE_TEXT.archivedAt,
            dataIndex: 'archivedAt',
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
    </>
  );
}
