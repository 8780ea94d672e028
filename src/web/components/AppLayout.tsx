import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import {
  CarryOutOutlined,
  AlertOutlined,
  AppstoreOutlined,
  ShopOutlined,
  SolutionOutlined,
  AuditOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FileProtectOutlined,
  IdcardOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  TeamOutlined,
  UserOutlined,
  DashboardOutlined,
  ScheduleOutlined,
  PhoneOutlined,
  MessageOutlined,
  EnvironmentOutlined,
  AccountBookOutlined,
  TagsOutlined,
  ReconciliationOutlined,
  FundOutlined,
  BankOutlined,
  FieldTimeOutlined,
  SafetyCertificateOutlined,
  MobileOutlined,
  GiftOutlined,
} from '@ant-design/icons';
import { useAuth } from '../auth.js';
import { ROLE_LABELS } from '../../shared/labels.js';
import type { Permission, Role } from '../../core/roles.js';

// The menu is the list of pages a role may open; a page appears when its permission is held.
const MENU: { key: string; label: string; icon: React.ReactNode; permission?: Permission; roles?: Role[] }[] = [
  { key: '/', label: '工作台', icon: <HomeOutlined /> },
  { key: '/my-orders', label: '我的工单', icon: <CarryOutOutlined />, permission: 'order.act', roles: ['caregiver'] },
  {
    key: '/console',
    label: '调度台',
    icon: <DashboardOutlined />,
    permission: 'order.read',
    roles: ['district_admin', 'operator', 'street_staff'],
  },
  { key: '/alarms', label: '警情', icon: <AlertOutlined />, permission: 'alarm.read' },
  {
    key: '/orders',
    label: '工单',
    icon: <CarryOutOutlined />,
    permission: 'order.read',
    roles: ['district_admin', 'street_staff', 'community_worker', 'operator', 'provider_admin', 'auditor'],
  },
  {
    key: '/plans',
    label: '服务计划',
    icon: <ScheduleOutlined />,
    permission: 'order.read',
    roles: ['district_admin', 'operator', 'street_staff', 'community_worker'],
  },
  {
    key: '/callbacks',
    label: '回访',
    icon: <PhoneOutlined />,
    permission: 'feedback.read',
    roles: ['district_admin', 'operator', 'street_staff'],
  },
  {
    key: '/complaints',
    label: '投诉',
    icon: <MessageOutlined />,
    permission: 'feedback.read',
    roles: ['district_admin', 'operator', 'street_staff', 'provider_admin', 'auditor'],
  },
  {
    key: '/visit-exceptions',
    label: '核验异常',
    icon: <EnvironmentOutlined />,
    permission: 'order.read',
    roles: ['district_admin', 'street_staff', 'provider_admin', 'auditor'],
  },
  {
    key: '/bills',
    label: '收费清单',
    icon: <AccountBookOutlined />,
    permission: 'order.read',
    roles: ['district_admin', 'operator', 'street_staff', 'auditor'],
  },
  { key: '/vouchers', label: '纸质服务券', icon: <TagsOutlined />, permission: 'voucher.redeem' },
  { key: '/settlements', label: '机构结算', icon: <ReconciliationOutlined />, permission: 'settlement.read' },
  { key: '/money-reports', label: '资金报表', icon: <FundOutlined />, permission: 'money.report' },
  { key: '/payment-lists', label: '现金发放', icon: <BankOutlined />, permission: 'cash.act' },
  { key: '/payee-changes', label: '收款账户审核', icon: <SafetyCertificateOutlined />, permission: 'payee.approve' },
  { key: '/elders', label: '老人档案', icon: <IdcardOutlined />, permission: 'elder.read' },
  { key: '/devices', label: '终端设备', icon: <MobileOutlined />, permission: 'device.read' },
  { key: '/free-terminals', label: '免费终端', icon: <GiftOutlined />, permission: 'device.read' },
  { key: '/applications', label: '申请审批', icon: <AuditOutlined />, permission: 'application.act' },
  { key: '/needs-summary', label: '需求汇总', icon: <BarChartOutlined />, permission: 'elder.read' },
  { key: '/catalogue', label: '服务目录', icon: <AppstoreOutlined />, permission: 'catalogue.read' },
  { key: '/providers', label: '服务机构', icon: <ShopOutlined />, permission: 'provider.read' },
  { key: '/caregivers', label: '服务人员', icon: <SolutionOutlined />, permission: 'caregiver.read' },
  { key: '/provider-alerts', label: '到期提醒', icon: <AlertOutlined />, permission: 'provider.read' },
  { key: '/policies', label: '政策标准', icon: <FileProtectOutlined />, permission: 'policy.read' },
  { key: '/regions', label: '区域管理', icon: <ApartmentOutlined />, permission: 'region.read' },
  { key: '/calendar', label: '工作日历', icon: <CalendarOutlined />, permission: 'region.read' },
  { key: '/users', label: '账户管理', icon: <TeamOutlined />, permission: 'user.read' },
  { key: '/audit', label: '审计日志', icon: <AuditOutlined />, permission: 'audit.read' },
  { key: '/jobs', label: '任务运行', icon: <FieldTimeOutlined />, permission: 'job.manage' },
];

export function AppLayout() {
  const { me, can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [drawer, setDrawer] = useState(false);
  const items = MENU.filter(
    (m) => (!m.permission || can(m.permission)) && (!m.roles || (me && m.roles.includes(me.role))),
  ).map(({ key, label, icon }) => ({ key, label, icon }));
  const selected = '/' + (location.pathname.split('/')[1] ?? '');
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      style={{ background: 'transparent', borderInlineEnd: 0 }}
      selectedKeys={[selected]}
      items={items}
      onClick={({ key }) => {
        void navigate(key);
        setDrawer(false);
      }}
    />
  );
  const brand = (
    <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, padding: '16px 20px', whiteSpace: 'nowrap' }}>
      颐养 · 居家养老
    </div>
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Layout.Sider width={200} style={{ background: '#1f2937' }}>
          {brand}
          {menu}
        </Layout.Sider>
      )}
      {mobile && (
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          placement="left"
          size={220}
          styles={{ body: { padding: 0, background: '#1f2937' } }}
          closable={false}
        >
          {brand}
          {menu}
        </Drawer>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #eee',
          }}
        >
          <Space>
            {mobile && <Button type="text" icon={<MenuOutlined />} aria-label="菜单" onClick={() => setDrawer(true)} />}
            <Typography.Text strong>{me?.region?.name ?? me?.provider?.name}</Typography.Text>
          </Space>
          <Dropdown
            menu={{
              items: [
                {
                  key: 'password',
                  icon: <KeyOutlined />,
                  label: '修改密码',
                  onClick: () => void navigate('/password'),
                },
                {
                  key: 'logout',
                  icon: <LogoutOutlined />,
                  label: '退出登录',
                  onClick: () => void logout().then(() => navigate('/login')),
                },
              ],
            }}
          >
            <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
              <UserOutlined />
              <span>{me?.displayName}</span>
              {!mobile && me && <Tag color="orange">{ROLE_LABELS[me.role]}</Tag>}
            </Space>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: mobile ? 12 : 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
