import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider } from './auth.js';
import { AppRoutes } from './routes.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { RejectionMessages } from './components/RejectionMessages.js';

dayjs.locale('zh-cn');
// Browser tests take screenshots; without animations they never catch a dialog half-closed.
const AUTOMATED = navigator.webdriver === true;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#c2410c', borderRadius: 6, motion: !AUTOMATED } }}>
      <AntApp>
        <RejectionMessages />
        <BrowserRouter>
          <ErrorBoundary>
            <AuthProvider>
              <AppRoutes />
            </AuthProvider>
          </ErrorBoundary>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
