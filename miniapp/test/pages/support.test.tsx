/** 咨询求助: each field checked, the FAQ case chosen (or given by the page that led here), the photo, then its status. */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import SupportPage from '../../src/pages/support/index';
import SupportStatusPage, { SUBMITTED_TEXT } from '../../src/pages/support-status/index';
import { REPLY_NOTICE } from '../../src/pages/support/texts';
import { fakeServer, ok, refused, renderPage } from '../fake-server';
import { routerParams } from '../mocks/taro';
import { albumPhoto, formFieldsOf, press, type } from '../recovery-helpers';

jest.setTimeout(20_000);
beforeEach(() => {
  jest.clearAllMocks();
  for (const key of Object.keys(routerParams)) delete routerParams[key];
});

async function fillIn(): Promise<void> {
  type('请输入姓名', '张三');
  type('请输入证件号码', '11010519491231002X');
  type('请输入11位手机号码', '13912345678');
  type('工作人员将回复至此邮箱', '12345678@qq.com');
  type('请简要说明问题', '原手机号和邮箱都已停用');
}

test('every field is checked before anything is sent', async () => {
  const sent = fakeServer({});
  await renderPage(<SupportPage />);
  press('提交');
  for (const problem of ['姓名长度应为2-50个字', '请填写证件号码', '请输入11位手机号码', '请简要说明问题', '请上传照片']) {
    expect(screen.getByText(problem)).toBeTruthy();
  }
  expect(sent).toHaveLength(0);
});

test('led here by a refused contact change: 修改手机（邮箱）信息 is chosen, and the form goes out with the photo', async () => {
  Object.assign(routerParams, { kind: 'contact-info' });
  albumPhoto();
  const sent = fakeServer({ '/api/v1/support-requests': () => ({ status: 202, body: { id: 'SR-1', status: 'pending' } }) });
  await renderPage(<SupportPage />);
  expect((screen.getAllByLabelText('picker')[0] as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('修改手机（邮箱）信息');
  expect(screen.getByText(/本人手持自己的身份证件核心信息面的清晰照片/)).toBeTruthy();
  await fillIn();
  press('拍摄或选择照片');
  await screen.findByText(/照片符合要求/);
  press('提交');
  await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/support-status/index?id=SR-1&submitted=1' }));
  expect(formFieldsOf(sent.find((each) => each.path === '/api/v1/support-requests')!)).toEqual({
    kind: 'contact-info', name: '张三', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678',
    email: '12345678@qq.com', description: '原手机号和邮箱都已停用',
  });
});

test('a refusal from the server is shown in its words', async () => {
  albumPhoto();
  fakeServer({ '/api/v1/support-requests': () => refused(409, 'REQUEST_PENDING', '您已提交同类申请，请耐心等待工作人员回复，在此期间不可反复提交') });
  await renderPage(<SupportPage />);
  await fillIn();
  press('拍摄或选择照片');
  await screen.findByText(/照片符合要求/);
  press('提交');
  await screen.findByText('您已提交同类申请，请耐心等待工作人员回复，在此期间不可反复提交');
});

test('the status page: pending after 提交, then the staff\'s answer', async () => {
  Object.assign(routerParams, { id: 'SR-1', submitted: '1' });
  let state: object = { id: 'SR-1', kind: 'contact-info', status: 'pending' };
  fakeServer({ '/api/v1/support-requests/SR-1': () => ok(state) });
  await renderPage(<SupportStatusPage />);
  await screen.findByText(REPLY_NOTICE);
  expect(screen.getByText(SUBMITTED_TEXT)).toBeTruthy();
  expect(screen.getByText('问题类型：修改手机（邮箱）信息')).toBeTruthy();
  state = { id: 'SR-1', kind: 'contact-info', status: 'approved', reply: '已将手机号码修改为139****5678，请使用忘记密码重置。' };
  fireEvent.click(screen.getByText('刷新状态'));
  await screen.findByText('工作人员回复：已将手机号码修改为139****5678，请使用忘记密码重置。');
  expect(screen.getByText('当前状态：已处理完毕')).toBeTruthy();
});

test('the status page without an id asks for the 申请编号', async () => {
  fakeServer({ '/api/v1/support-requests/SR-9': () => ok({ id: 'SR-9', status: 'rejected', reason: '照片不清晰' }) });
  await renderPage(<SupportStatusPage />);
  type('请输入提交成功后显示的申请编号', 'SR-9');
  press('查询');
  await screen.findByText(/原因：照片不清晰。/);
});
