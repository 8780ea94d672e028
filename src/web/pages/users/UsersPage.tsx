import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { get, patch, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { User } from '../../../shared/schemas/users.js';
import type { Region } from '../../../shared/schemas/regions.js';
import { ROLES, ROLE_DEFINITIONS, type Role } from '../../../core/roles.js';
import { REGION_LEVEL_LABELS, ROLE_LABELS } from '../../../shared/labels.js';
import { buildRegionTree, selectableLevels } from '../../components/region-tree.js';
import { applyProblem } from '../../components/form-errors.js';
import { downloadCsv } from '../../components/export-csv.js';
import { useServerList } from '../../components/use-server-list.js';
import { formatLocalTime } from '../../../core/local-time.js';

interface Filters {
  q?: string;
  role?: Role;
  regionId?: number;
  active?: 'true' | 'false';
}
interface Provider {
  id: number;
  name: string;
}
interface UserForm {
  username: string;
  displayName: string;
  role: Role;
  regionId?: number | null;
  providerId?: number | null;
  password?: string;
}

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const fmt = (iso: string | null) => (iso ? formatLocalTime(new Date(iso)) : '—');

export function UsersPage() {
  const { me, can } = useAuth();
  const { message, modal } = App.useApp();
  const writable = can('user.write');
  const list = useServerList<User>('/api/users', { defaultSort: 'username', totalLabel: (n) => `共 ${n} 个账户` });
  const [regions, setRegions] = useState<Region[]>([]);
  const [providers, setProviders] = useState<Provider[]>([]);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm<UserForm>();
  const [filterForm] = Form.useForm<Filters>();
  const role = Form.useWatch('role', form);

  useEffect(() => {
    void get<Region[]>('/api/regions').then(setRegions);
    void get<Provider[]>('/api/providers/options').then(setProviders);
  }, []);
  const tree = useMemo(() => buildRegionTree(regions), [regions]);

  const open = (u: User | 'new') => {
    setFormError(null);
    form.resetFields();
    if (u !== 'new')
      form.setFieldsValue({
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        regionId: u.regionId,
        providerId: u.providerId,
      });
    setEditing(u);
  };
  const submit = async () => {
    let v: UserForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setFormError(null);
    const binding = ROLE_DEFINITIONS[v.role].binding;
    const regionId = binding === 'region' ? (v.regionId ?? null) : null;
    const providerId = binding === 'provider' ? (v.providerId ?? null) : null;
    try {
      if (editing === 'new') {
        await post('/api/users', {
          username: v.username,
          displayName: v.displayName,
          role: v.role,
          regionId,
          providerId,
          password: v.password,
        });
        message.success('账户已创建，用户首次登录须修改密码');
      } else if (editing) {
        await patch(`/api/users/${editing.id}`, { displayName: v.displayName, role: v.role, regionId, providerId });
        message.success('已保存');
      }
      setEditing(null);
      await list.reload();
    } catch (err) {
      setFormError(applyProblem(form, err));
    }
  };
  const setActive = async (u: User, active: boolean) => {
    try {
      await patch(`/api/users/${u.id}`, { active });
      message.success(active ? '已启用' : '已停用，该用户已被退出登录');
      await list.reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const unlock = async (u: User) => {
    try {
      await post(`/api/users/${u.id}/unlock`);
      message.success('已解除锁定');
      await list.reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const resetPassword = (u: User) => {
    let value = '';
    modal.confirm({
      title: `重置「${u.displayName}」的密码`,
      content: (
        <Input.Password
          placeholder="新的初始密码"
          onChange={(e) => {
            value = e.target.value;
          }}
        />
      ),
      okText: '重置',
      cancelText: '取消',
      onOk: async () => {
        try {
          await post(`/api/users/${u.id}/reset-password`, { password: value });
          message.success('已重置，用户下次登录须修改密码');
        } catch (err) {
          message.error((err as Error).message);
          throw err;
        }
      },
    });
  };
  const exportAll = async () => {
    const rows = await list.fetchAll();
    downloadCsv(
      `账户列表-${new Date().toISOString().slice(0, 10)}.csv`,
      [
        { title: '用户名', value: (u: User) => u.username },
        { title: '姓名', value: (u) => u.displayName },
        { title: '角色', value: (u) => ROLE_LABELS[u.role] },
        { title: '所属', value: (u) => u.regionName ?? u.providerName },
        { title: '状态', value: (u) => (u.active ? '启用' : '停用') },
        { title: '最近登录', value: (u) => fmt(u.lastLoginAt) },
        { title: '创建时间', value: (u) => fmt(u.createdAt) },
      ],
      rows,
    );
  };

  const columns: TableProps<User>['columns'] = [
    { title: '用户名', dataIndex: 'username', sorter: true, sortOrder: list.sortOrder('username') },
    { title: '姓名', dataIndex: 'displayName', sorter: true },
    { title: '角色', dataIndex: 'role', sorter: true, render: (r: Role) => ROLE_LABELS[r] },
    { title: '所属', key: 'where', render: (_, u) => u.regionName ?? u.providerName },
    {
      title: '状态',
      key: 'status',
      render: (_, u) => (
        <Space size={4} wrap>
          {u.active ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>}
          {u.lockedUntil && <Tag color="red">锁定至 {fmt(u.lockedUntil).slice(11)}</Tag>}
          {u.mustChangePassword && <Tag color="gold">待改密码</Tag>}
        </Space>
      ),
    },
    { title: '最近登录', dataIndex: 'lastLoginAt', sorter: true, render: fmt, responsive: ['md'] },
    ...(writable
      ? [
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, u: User) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => open(u)}>
                  编辑
                </Button>
                <Button type="link" size="small" onClick={() => resetPassword(u)}>
                  重置密码
                </Button>
                {u.lockedUntil && (
                  <Button type="link" size="small" onClick={() => unlock(u)}>
                    解锁
                  </Button>
                )}
                {u.id !== me?.id &&
                  (u.active ? (
                    <Popconfirm
                      title={`停用「${u.displayName}」？`}
                      description="停用后该用户立即退出登录且不能再登录。"
                      okText="停用"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() => setActive(u, false)}
                    >
                      <Button type="link" size="small" danger>
                        停用
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button type="link" size="small" onClick={() => setActive(u, true)}>
                      启用
                    </Button>
                  ))}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const binding = role ? ROLE_DEFINITIONS[role].binding : null;
  return (
    <Card
      title="账户管理"
      size="small"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={exportAll}>
            导出
          </Button>
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
              新建账户
            </Button>
          )}
        </Space>
      }
    >
      <Form
        form={filterForm}
        name="userFilter"
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v: Filters) => list.search({ ...v })}
      >
        <Form.Item name="q">
          <Input placeholder="用户名或姓名" allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="role">
          <Select placeholder="角色" allowClear options={roleOptions} style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="regionId">
          <TreeSelect
            placeholder="区域"
            allowClear
            treeData={tree}
            style={{ width: 180 }}
            showSearch
            treeNodeFilterProp="title"
          />
        </Form.Item>
        <Form.Item name="active">
          <Select
            placeholder="状态"
            allowClear
            style={{ width: 100 }}
            options={[
              { value: 'true', label: '启用' },
              { value: 'false', label: '停用' },
            ]}
          />
        </Form.Item>
        <Button htmlType="submit" icon={<SearchOutlined />}>
          查询
        </Button>
      </Form>
      <Table<User> {...list.tableProps} columns={columns} />
      <Modal
        title={editing === 'new' ? '新建账户' : '编辑账户'}
        open={editing !== null}
        onOk={submit}
        onCancel={() => setEditing(null)}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} name="userEdit" layout="vertical">
          <Form.Item
            label="用户名"
            name="username"
            rules={[
              { required: true, message: '请输入用户名' },
              {
                pattern: /^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/,
                message: '3-32 位字母、数字、下划线、点或连字符，以字母开头',
              },
            ]}
          >
            <Input disabled={editing !== 'new'} autoComplete="off" />
          </Form.Item>
          <Form.Item
            label="姓名"
            name="displayName"
            rules={[
              { required: true, message: '请输入姓名' },
              { min: 2, message: '至少 2 个字符' },
            ]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
            <Select options={roleOptions} />
          </Form.Item>
          {binding === 'region' && (
            <Form.Item
              label="所属区域"
              name="regionId"
              extra={`可选层级：${ROLE_DEFINITIONS[role!].regionLevels.map((l) => REGION_LEVEL_LABELS[l]).join('、')}`}
              rules={[{ required: true, message: '请选择所属区域' }]}
            >
              <TreeSelect
                treeData={selectableLevels(tree, role ? ROLE_DEFINITIONS[role].regionLevels : [])}
                showSearch
                treeNodeFilterProp="title"
                placeholder="选择区域"
              />
            </Form.Item>
          )}
          {binding === 'provider' && (
            <Form.Item label="所属服务机构" name="providerId" rules={[{ required: true, message: '请选择服务机构' }]}>
              <Select
                options={providers.map((p) => ({ value: p.id, label: p.name }))}
                showSearch
                optionFilterProp="label"
                placeholder="选择服务机构"
              />
            </Form.Item>
          )}
          {editing === 'new' && (
            <Form.Item
              label="初始密码"
              name="password"
              extra="用户首次登录时须修改"
              rules={[{ required: true, message: '请输入初始密码' }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
        </Form>
        <Typography.Text type="secondary">所有修改都会记入审计日志。</Typography.Text>
      </Modal>
    </Card>
  );
}
