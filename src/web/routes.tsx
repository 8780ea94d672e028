import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Spin } from 'antd';
import { useAuth } from './auth.js';
import { AppLayout } from './components/AppLayout.js';
import { LoginPage } from './pages/login/LoginPage.js';
import { HomePage } from './pages/home/HomePage.js';
import { RegionsPage } from './pages/regions/RegionsPage.js';
import { UsersPage } from './pages/users/UsersPage.js';
import { AuditPage } from './pages/audit/AuditPage.js';
import { ChangePasswordPage } from './pages/profile/ChangePasswordPage.js';
import { ElderListPage } from './pages/elders/ElderListPage.js';
import { ElderFormPage } from './pages/elders/ElderFormPage.js';
import { ElderImportPage } from './pages/elders/ElderImportPage.js';
import { ElderDetailPage } from './pages/elders/ElderDetailPage.js';
import { NeedsSummaryPage } from './pages/elders/NeedsSummaryPage.js';
import { CalendarPage } from './pages/calendar/CalendarPage.js';
import { PoliciesPage } from './pages/policies/PoliciesPage.js';
import { ApplicationsPage } from './pages/applications/ApplicationsPage.js';
import { NoticeListPrint } from './pages/print/NoticeListPrint.js';
import { ApprovalFormPrint } from './pages/print/ApprovalFormPrint.js';
import { AgreementPrint } from './pages/print/AgreementPrint.js';
import { CataloguePage } from './pages/catalogue/CataloguePage.js';
import { ProvidersPage } from './pages/providers/ProvidersPage.js';
import { ProviderDetailPage } from './pages/providers/ProviderDetailPage.js';
import { AlertsPage } from './pages/providers/AlertsPage.js';
import { CaregiversPage } from './pages/caregivers/CaregiversPage.js';
import { CaregiverDetailPage } from './pages/caregivers/CaregiverDetailPage.js';
import { RegistryPage } from './pages/registry/RegistryPage.js';
import { MyOrdersPage } from './pages/orders/MyOrdersPage.js';
import { OrdersPage } from './pages/orders/OrdersPage.js';
import { ExceptionsPage } from './pages/orders/ExceptionsPage.js';
import { ConsolePage } from './pages/console/ConsolePage.js';
import { AlarmsPage } from './pages/alarms/AlarmsPage.js';
import { AlarmDetailPage } from './pages/alarms/AlarmDetailPage.js';
import { CallbacksPage } from './pages/feedback/CallbacksPage.js';
import { ComplaintsPage } from './pages/feedback/ComplaintsPage.js';
import { PlansPage } from './pages/plans/PlansPage.js';
import { BillsPage } from './pages/billing/BillsPage.js';
import { SettlementsPage } from './pages/settlements/SettlementsPage.js';
import { MoneyReportsPage } from './pages/money/MoneyReportsPage.js';
import { PaymentListsPage } from './pages/cash/PaymentListsPage.js';
import { PayeeChangesPage } from './pages/cash/PayeeChangesPage.js';
import { VouchersPage } from './pages/vouchers/VouchersPage.js';
import { JobsPage } from './pages/jobs/JobsPage.js';
import { DevicesPage } from './pages/devices/DevicesPage.js';
import { DeviceDetailPage } from './pages/devices/DeviceDetailPage.js';
import { FreeTerminalsPage } from './pages/devices/FreeTerminalsPage.js';
import type { Permission } from '../core/roles.js';
import type { ReactNode } from 'react';

function Guarded({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const { me, can } = useAuth();
  const location = useLocation();
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (me.mustChangePassword && location.pathname !== '/password') return <Navigate to="/password" replace />;
  if (permission && !can(permission)) return <Navigate to="/" replace />;
  return <>{children}</>;
}

export function AppRoutes() {
  const { loading } = useAuth();
  if (loading) return <Spin fullscreen tip="加载中" />;
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/registry" element={<RegistryPage />} />
      <Route
        path="/print/notice-list"
        element={
          <Guarded permission="elder.read">
            <NoticeListPrint />
          </Guarded>
        }
      />
      <Route
        path="/print/agreements/:id"
        element={
          <Guarded permission="elder.read">
            <AgreementPrint />
          </Guarded>
        }
      />
      <Route
        path="/print/applications/:id"
        element={
          <Guarded permission="elder.read">
            <ApprovalFormPrint />
          </Guarded>
        }
      />
      <Route
        element={
          <Guarded>
            <AppLayout />
          </Guarded>
        }
      >
        <Route index element={<HomePage />} />
        <Route
          path="regions"
          element={
            <Guarded permission="region.read">
              <RegionsPage />
            </Guarded>
          }
        />
        <Route
          path="users"
          element={
            <Guarded permission="user.read">
              <UsersPage />
            </Guarded>
          }
        />
        <Route
          path="audit"
          element={
            <Guarded permission="audit.read">
              <AuditPage />
            </Guarded>
          }
        />
        <Route
          path="jobs"
          element={
            <Guarded permission="job.manage">
              <JobsPage />
            </Guarded>
          }
        />
        <Route
          path="elders"
          element={
            <Guarded permission="elder.read">
              <ElderListPage />
            </Guarded>
          }
        />
        <Route
          path="elders/new"
          element={
            <Guarded permission="elder.write">
              <ElderFormPage />
            </Guarded>
          }
        />
        <Route
          path="elders/import"
          element={
            <Guarded permission="elder.write">
              <ElderImportPage />
            </Guarded>
          }
        />
        <Route
          path="elders/:id"
          element={
            <Guarded permission="elder.read">
              <ElderDetailPage />
            </Guarded>
          }
        />
        <Route
          path="elders/:id/edit"
          element={
            <Guarded permission="elder.write">
              <ElderFormPage />
            </Guarded>
          }
        />
        <Route
          path="needs-summary"
          element={
            <Guarded permission="elder.read">
              <NeedsSummaryPage />
            </Guarded>
          }
        />
        <Route
          path="applications"
          element={
            <Guarded permission="elder.read">
              <ApplicationsPage />
            </Guarded>
          }
        />
        <Route
          path="policies"
          element={
            <Guarded permission="elder.read">
              <PoliciesPage />
            </Guarded>
          }
        />
        <Route
          path="catalogue"
          element={
            <Guarded permission="catalogue.read">
              <CataloguePage />
            </Guarded>
          }
        />
        <Route
          path="providers"
          element={
            <Guarded permission="provider.read">
              <ProvidersPage />
            </Guarded>
          }
        />
        <Route
          path="providers/:id"
          element={
            <Guarded permission="provider.read">
              <ProviderDetailPage />
            </Guarded>
          }
        />
        <Route
          path="provider-alerts"
          element={
            <Guarded permission="provider.read">
              <AlertsPage />
            </Guarded>
          }
        />
        <Route
          path="caregivers"
          element={
            <Guarded permission="caregiver.read">
              <CaregiversPage />
            </Guarded>
          }
        />
        <Route
          path="caregivers/:id"
          element={
            <Guarded permission="caregiver.read">
              <CaregiverDetailPage />
            </Guarded>
          }
        />
        <Route
          path="orders"
          element={
            <Guarded permission="order.read">
              <OrdersPage />
            </Guarded>
          }
        />
        <Route
          path="console"
          element={
            <Guarded permission="order.read">
              <ConsolePage />
            </Guarded>
          }
        />
        <Route
          path="alarms"
          element={
            <Guarded permission="alarm.read">
              <AlarmsPage />
            </Guarded>
          }
        />
        <Route
          path="alarms/:id"
          element={
            <Guarded permission="alarm.read">
              <AlarmDetailPage />
            </Guarded>
          }
        />
        <Route
          path="devices"
          element={
            <Guarded permission="device.read">
              <DevicesPage />
            </Guarded>
          }
        />
        <Route
          path="devices/:id"
          element={
            <Guarded permission="device.read">
              <DeviceDetailPage />
            </Guarded>
          }
        />
        <Route
          path="free-terminals"
          element={
            <Guarded permission="device.read">
              <FreeTerminalsPage />
            </Guarded>
          }
        />
        <Route
          path="visit-exceptions"
          element={
            <Guarded permission="order.read">
              <ExceptionsPage />
            </Guarded>
          }
        />
        <Route
          path="callbacks"
          element={
            <Guarded permission="order.read">
              <CallbacksPage />
            </Guarded>
          }
        />
        <Route
          path="complaints"
          element={
            <Guarded permission="order.read">
              <ComplaintsPage />
            </Guarded>
          }
        />
        <Route
          path="plans"
          element={
            <Guarded permission="order.read">
              <PlansPage />
            </Guarded>
          }
        />
        <Route
          path="bills"
          element={
            <Guarded permission="order.read">
              <BillsPage />
            </Guarded>
          }
        />
        <Route
          path="settlements"
          element={
            <Guarded permission="settlement.read">
              <SettlementsPage />
            </Guarded>
          }
        />
        <Route
          path="money-reports"
          element={
            <Guarded permission="money.report">
              <MoneyReportsPage />
            </Guarded>
          }
        />
        <Route
          path="payment-lists"
          element={
            <Guarded permission="cash.act">
              <PaymentListsPage />
            </Guarded>
          }
        />
        <Route
          path="payee-changes"
          element={
            <Guarded permission="payee.approve">
              <PayeeChangesPage />
            </Guarded>
          }
        />
        <Route
          path="vouchers"
          element={
            <Guarded permission="voucher.redeem">
              <VouchersPage />
            </Guarded>
          }
        />
        <Route
          path="my-orders"
          element={
            <Guarded permission="order.act">
              <MyOrdersPage />
            </Guarded>
          }
        />
        <Route
          path="calendar"
          element={
            <Guarded permission="region.read">
              <CalendarPage />
            </Guarded>
          }
        />
        <Route path="password" element={<ChangePasswordPage />} />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
