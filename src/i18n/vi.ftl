# Văn bản tiếng Việt của API: nội dung thông báo và thông báo lỗi. Mỗi văn bản có cùng id với
# en.ftl. Số tiền được truyền vào đã định dạng ("3.500.000 ₫").

## Lỗi chung của toàn bộ API

authentication-required = cần đăng nhập
internal = lỗi máy chủ
already-exists = đã tồn tại
dangling-reference = tham chiếu tới một đối tượng không tồn tại hoặc vẫn đang được dùng
within = { $at }: { $message }
not-eligible = nhà sáng tạo chưa đáp ứng yêu cầu của chiến dịch: { $reasons }
rate-limited = quá nhiều lần thử; vui lòng thử lại sau { $seconds } giây
untranslated = { $text }
too-long = tối đa { $max } ký tự
not-found =
    { $what ->
         [API_key] không tìm thấy API key
         [brand] không tìm thấy nhãn hàng
        *[brief] không tìm thấy chiến dịch
         [collaboration] không tìm thấy hợp tác
         [conversion] không tìm thấy đơn hàng ghi nhận
         [creator] không tìm thấy nhà sáng tạo
         [creator_profile] không tìm thấy hồ sơ nhà sáng tạo
         [deliverable] không tìm thấy hạng mục nội dung
         [funding] không tìm thấy khoản nạp tiền
         [ledger_entry] không tìm thấy bút toán
         [livestream_session] không tìm thấy phiên livestream
         [message] không tìm thấy tin nhắn
         [notification] không tìm thấy thông báo
         [offer] không tìm thấy đề nghị
         [payout] không tìm thấy khoản thanh toán
         [payout_method] không tìm thấy phương thức nhận tiền
         [proposal] không tìm thấy đề xuất
         [review] không tìm thấy đánh giá
         [sample] không tìm thấy sản phẩm mẫu
         [social_account] không tìm thấy tài khoản mạng xã hội
         [submission] không tìm thấy bài nộp
         [user] không tìm thấy người dùng
         [users_brand] không tìm thấy nhãn hàng
         [webhook_delivery] không tìm thấy lần gửi webhook
         [webhook_endpoint] không tìm thấy địa chỉ webhook
         [withdrawal] không tìm thấy lệnh rút tiền
    }
