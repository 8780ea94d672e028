// A page that throws shows a message and a way back instead of a blank screen.
import { Component, type ReactNode } from 'react';
import { Button, Result } from 'antd';

export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  componentDidCatch(error: unknown) {
    console.error(error);
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Result
        status="error"
        title="页面出错了"
        subTitle="请刷新页面后重试；如仍出错，请联系管理员。"
        extra={
          <Button type="primary" onClick={() => location.reload()}>
            刷新
          </Button>
        }
      />
    );
  }
}
