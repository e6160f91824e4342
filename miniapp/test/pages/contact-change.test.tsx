/** The state of a contact-change request: pending (just submitted, or later), approved, refused with the reason. */
import { fireEvent, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ContactChangeStatusPage, { APPROVED_TEXT, PENDING_TEXT, SUBMITTED_TEXT } from '../../src/pages/contact-change/index';
import { fakeServer, ok, refused, renderPage } from '../fake-server';
import { routerParams } from '../mocks/taro';

jest.setTimeout(20_000);
beforeEach(() => {
  jest.clearAllMocks();
  for (const key of Object.keys(routerParams)) delete routerParams[key];
});

test('just submitted: 提交成功！ with the manual\'s text for the new phone, and the 1-working-day notice', async () => {
  Object.assign(routerParams, { id: 'CC-1', submitted: '1' });
  fakeServer({ '/api/v1/contact-changes/CC-1': () => ok({ id: 'CC-1', kind: 'phone', status: 'pending', dueBy: '2026-12-01T10:00:00.000Z' }) });
  await renderPage(<ContactChangeStatusPage />);
  await screen.findByText(SUBMITTED_TEXT.phone);
  expect(screen.getByText(new RegExp(PENDING_TEXT))).toBeTruthy();
  expect(screen.getByText(/预计在2026\/12\/1前完成/)).toBeTruthy();
});

test('approved: the mail case points back to 邮箱重置密码', async () => {
  Object.assign(routerParams, { id: 'CC-2' });
  fakeServer({ '/api/v1/contact-changes/CC-2': () => ok({ id: 'CC-2', kind: 'email', status: 'approved' }) });
  await renderPage(<ContactChangeStatusPage />);
  await screen.findByText(APPROVED_TEXT.email);
  expect(screen.queryByText(SUBMITTED_TEXT.email)).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: '邮箱重置密码' }));
  expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/forgot/index' });
});

test('refused: the reason in words, and the way to submit again', async () => {
  Object.assign(routerParams, { id: 'CC-3' });
  fakeServer({ '/api/v1/contact-changes/CC-3': () => ok({ id: 'CC-3', kind: 'phone', status: 'rejected', reason: '照片不清晰' }) });
  await renderPage(<ContactChangeStatusPage />);
  await screen.findByText(/不通过原因：照片不清晰。您可按照要求再次提交修改手机号码申请。/);
  expect(screen.getByText('当前状态：审核不通过')).toBeTruthy();
});

test('an unknown request: the server\'s message', async () => {
  Object.assign(routerParams, { id: 'CC-404' });
  fakeServer({ '/api/v1/contact-changes/CC-404': () => refused(404, 'NOT_FOUND', '申请不存在') });
  await renderPage(<ContactChangeStatusPage />);
  await screen.findByText('申请不存在');
});
