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
changed-meanwhile =
    { $what ->
         [collaboration] hợp tác
         [conversion] đơn hàng ghi nhận
         [deliverable] hạng mục nội dung
         [funding] khoản nạp tiền
        *[proposal] đề xuất
         [sample] sản phẩm mẫu
         [withdrawal] lệnh rút tiền
    } vừa được thay đổi; vui lòng tải lại

## Ai được làm gì: `only-role-may` và `api-key-may-not` nêu một hành động dưới đây

only-role-may = chỉ tài khoản { $role ->
        [brand] nhãn hàng
        [admin] quản trị viên
       *[creator] nhà sáng tạo
    } mới được { $action }
api-key-may-not = API key không được phép { $action }
action-add-payout-methods = thêm phương thức nhận tiền
action-add-social-accounts = thêm tài khoản mạng xã hội
action-adjust-conversions = điều chỉnh đơn hàng ghi nhận
action-apply-to-briefs = ứng tuyển vào chiến dịch
action-attest-product-use = xác nhận đã dùng sản phẩm
action-cancel-briefs = hủy chiến dịch
action-close-briefs = đóng chiến dịch
action-complete-briefs = hoàn tất chiến dịch
action-complete-collaborations = hoàn tất hợp tác
action-confirm-fundings = xác nhận khoản nạp tiền
action-confirm-receiving-samples = xác nhận đã nhận sản phẩm mẫu
action-create-briefs = tạo chiến dịch
action-edit-a-brand = chỉnh sửa nhãn hàng
action-edit-a-creator-profile = chỉnh sửa hồ sơ nhà sáng tạo
action-edit-briefs = chỉnh sửa chiến dịch
action-edit-social-accounts = chỉnh sửa tài khoản mạng xã hội
action-extend-samples-deadlines = gia hạn thời hạn đăng bài của sản phẩm mẫu
action-fail-withdrawals = đánh dấu lệnh rút tiền thất bại
action-fund-a-wallet = nạp tiền vào ví
action-invite-creators = mời nhà sáng tạo
action-list-api-keys = xem danh sách API key
action-list-users = xem danh sách người dùng
action-manage-api-keys = quản lý API key
action-mark-payouts-paid = đánh dấu khoản thanh toán đã chi trả
action-mark-withdrawals-paid = đánh dấu lệnh rút tiền đã chi trả
action-publish-briefs = đăng chiến dịch
action-publish-content = đăng nội dung
action-record-conversions = ghi nhận đơn hàng
action-reinstate-users = mở lại tài khoản người dùng
action-remove-payout-methods = xóa phương thức nhận tiền
action-remove-social-accounts = xóa tài khoản mạng xã hội
action-request-completion = yêu cầu hoàn tất
action-reverse-conversions = hủy đơn hàng ghi nhận
action-review-content = duyệt nội dung
action-see-recommended-briefs = xem chiến dịch gợi ý
action-seed = tạo dữ liệu mẫu
action-set-a-rate-card = đặt bảng giá
action-settle-commission = thanh toán hoa hồng
action-ship-samples = gửi sản phẩm mẫu
action-submit-content = nộp nội dung
action-suspend-users = tạm khóa người dùng
action-withdraw-money = rút tiền
action-set-the-language = đặt ngôn ngữ của tài khoản

## Tài khoản và đăng nhập

email-invalid = địa chỉ email không hợp lệ
email-taken = email này đã được đăng ký
admin-sign-up = không thể tự đăng ký tài khoản ADMIN; người vận hành sẽ tạo tài khoản này
password-too-short = mật khẩu phải có ít nhất { $min } ký tự
password-too-long = mật khẩu chỉ được có tối đa { $max } ký tự
current-password-wrong = mật khẩu hiện tại không đúng
wrong-login = sai email hoặc mật khẩu
unknown-user = người dùng không tồn tại
account-suspended = tài khoản này đang bị tạm khóa
admin-suspends-itself = quản trị viên không thể tự tạm khóa chính mình
access-token-expired = access token đã hết hạn; hãy làm mới token
access-token-invalid = access token không hợp lệ
refresh-token-expired = refresh token đã hết hạn; vui lòng đăng nhập lại
refresh-token-invalid = refresh token không hợp lệ
login-ended = phiên đăng nhập này đã kết thúc; vui lòng đăng nhập lại
api-key-invalid = API key không hợp lệ
api-key-revoked = API key này đã bị thu hồi

## Dữ liệu đầu vào: văn bản, số, tiền, ID, danh sách, trang (`within` đặt đường dẫn của trường phía trước)

must-not-be-empty = không được để trống
must-not-be-null = không được là null
no-control-characters = không được chứa ký tự điều khiển
no-nul = không được chứa ký tự NUL
url-too-long = URL chỉ được có tối đa { $max } ký tự (sau khi chuẩn hóa)
http-url = phải là URL http(s)
country-code = phải là mã quốc gia ISO 3166-1 alpha-2, ví dụ VN
language-tag = phải là mã ngôn ngữ BCP 47, ví dụ vi hoặc en-US
search-too-long = nội dung tìm kiếm chỉ được có tối đa { $max } ký tự
cursor-invalid = cursor không hợp lệ
page-size = phải nằm trong khoảng từ 0 đến { $max }
id-invalid = ID không hợp lệ
list-too-long = { $path } có { $count } phần tử; chỉ cho phép tối đa { $max }
not-an-int = { $value } không phải là Int (số nguyên từ { $min } đến { $max })
must-be-int = phải là Int
must-be-float = phải là Float hữu hạn
must-be-string = phải là String
must-be-id = phải là ID
decimal-expected = phải là số thập phân, ví dụ "12.50"
not-a-decimal = { $text } không phải là số thập phân
decimal-too-long = số thập phân chỉ được có tối đa { $max } ký tự
decimal-out-of-range = { $text } nằm ngoài phạm vi của số thập phân
date-time-expected = phải là chuỗi ngày giờ RFC 3339
not-a-date-time = { $text } không phải là ngày giờ RFC 3339 có múi giờ, ví dụ 2026-12-01T09:30:00+07:00
date-time-out-of-range = { $text } nằm ngoài khoảng năm 0001 đến 9999
must-not-be-negative = không được là số âm
currency-decimals = { $currency } chỉ cho phép tối đa { $digits } chữ số thập phân
amount-too-large = số tiền quá lớn: tối đa { $max }
rate-decimals = tỷ lệ chỉ được có tối đa 2 chữ số thập phân
rate-range = phải thỏa 0 < tỷ lệ ≤ 100
rate-range-from-zero = phải thỏa 0 ≤ tỷ lệ ≤ 100
must-be-positive = phải lớn hơn 0
must-be-future = phải là thời điểm trong tương lai
number-range = phải từ { $min } đến { $max }
required = bắt buộc
not-below = không được nhỏ hơn { $other }
must-not-be-future = không được là thời điểm trong tương lai
too-long-plain = quá dài

## Nhà sáng tạo

languages-too-many = tối đa { $max } ngôn ngữ
niches-too-many = tối đa { $max } lĩnh vực
handle-spaces = tên tài khoản không được chứa khoảng trắng
zero-or-more = phải từ 0 trở lên
social-account-taken = hồ sơ này đã có tài khoản với nền tảng và tên tài khoản này
social-accounts-too-many = mỗi hồ sơ có tối đa { $max } tài khoản mạng xã hội
rate-card-too-long = bảng giá có tối đa { $max } mục
rate-card-duplicate = bảng giá đã có giá cho loại nội dung này trên nền tảng này

## Nhãn hàng, API key và phạm vi quyền

no-brand = người dùng này chưa có nhãn hàng
api-key-no-scopes = hãy chọn ít nhất một phạm vi quyền
api-keys-too-many = mỗi nhãn hàng có tối đa { $max } API key đang dùng; hãy thu hồi bớt một key trước
api-key-lacks-scope = API key này không có phạm vi quyền { $scope }
api-key-lacks-scope-for = API key này không có phạm vi quyền { $scope } mà { $field } yêu cầu
api-key-may-not-use = API key không được dùng { $field }
api-key-may-not-read = API key không được đọc { $field }

## Chiến dịch và ngân sách

brief-is = chiến dịch đang ở trạng thái { $status }
brief-full = chiến dịch đã hết suất
brief-over-budget = khoản phí này sẽ làm chiến dịch vượt ngân sách
slots-filled = đã có { $filled } suất được lấp đầy
budget-below-committed = ngân sách không được thấp hơn số tiền các đề nghị đã chấp nhận đã cam kết
brief-performance-forbidden = chỉ nhãn hàng của chiến dịch và quản trị viên mới xem được hiệu quả của chiến dịch
recommended-creators-forbidden = chỉ nhãn hàng của chiến dịch mới xem được các nhà sáng tạo được gợi ý
brief-not-editable = không thể chỉnh sửa chiến dịch ở trạng thái { $status }
brief-not-publishable = không thể đăng chiến dịch ở trạng thái { $status }
brief-cannot-become = chiến dịch ở trạng thái { $status } không thể chuyển sang { $to }
brief-changed-meanwhile = chiến dịch vừa được thay đổi; vui lòng thử lại
brief-has-active-collaboration = chiến dịch còn hợp tác đang ACTIVE; hãy hoàn tất hoặc hủy hợp tác đó trước
open-brief-currency = không thể đổi đơn vị tiền tệ của chiến dịch đang OPEN
fees-in-old-currency = các khoản phí đang tính bằng { $old }; hãy nhập lại thù lao bằng { $new }
documents-too-many = tối đa { $max } tài liệu
deliverable-lines-too-many = tối đa { $max } dòng hạng mục nội dung
model-needs-fee = { $model } cần có khoản phí
model-has-no-fee = { $model } không có khoản phí
model-needs-rate = { $model } cần có tỷ lệ hoa hồng
model-has-no-rate = { $model } không có hoa hồng
gifting-needs-gift = GIFTING cần giftProduct: true
brief-needs-deliverable = chiến dịch cần ít nhất một hạng mục nội dung
brief-needs-slot = chiến dịch cần ít nhất một suất
budget-positive = ngân sách phải lớn hơn 0

## Đề xuất, đề nghị và tin nhắn

admin-not-a-party = quản trị viên được xem giao dịch nhưng không được tham gia
page-both-ways = hãy phân trang tới (first, after) hoặc lùi (last, before), không dùng cả hai
proposal-is = đề xuất đang ở trạng thái { $status }
already-applied = bạn đã có đề xuất cho chiến dịch này
creator-already-proposed = nhà sáng tạo này đã có đề xuất cho chiến dịch này
brief-takes-no-applications = chiến dịch ở trạng thái { $status } không nhận ứng tuyển
brief-takes-no-invitations = chiến dịch ở trạng thái { $status } không thể gửi lời mời
brief-invitation-only = chiến dịch này chỉ dành cho người được mời
application-deadline-passed = đã hết hạn ứng tuyển
expiry-without-terms = thời hạn chỉ dành cho điều khoản đề xuất: hãy gửi proposedTerms hoặc bỏ expiresAt
their-turn = đang đến lượt { $party ->
        [brand] nhãn hàng
       *[creator] nhà sáng tạo
    }
own-offer = bạn không thể chấp nhận đề nghị của chính mình
offer-is = đề nghị đang ở trạng thái { $status }
offer-no-longer-open = đề nghị không còn mở
offer-expired-at = đề nghị đã hết hạn lúc { $at }
open-offer-closed-proposal = đề nghị đang mở trên một đề xuất đã đóng
withdraw-only-starter = chỉ { $party ->
        [brand] nhãn hàng
       *[creator] nhà sáng tạo
    } đã khởi tạo đề xuất này mới được rút lại; hãy từ chối đề xuất thay vì rút lại
brief-currency = phải là đơn vị tiền tệ của chiến dịch, { $currency }
at-least-one-deliverable = cần ít nhất một hạng mục nội dung
business-days-range = phải từ { $min } đến { $max } ngày làm việc
days-ahead-max = tối đa { $max } ngày kể từ bây giờ
# Lý do các đề xuất đang mở của chiến dịch bị từ chối (lưu kèm đề xuất bằng tiếng Anh).
brief-cancelled-because = đã hủy: { $reason }
campaign-completed = chiến dịch đã hoàn tất

## Đánh giá

review-not-completed = không thể đánh giá hợp tác ở trạng thái { $status }; hãy chờ đến khi hợp tác COMPLETED
review-twice = bạn đã đánh giá hợp tác này rồi

## Tiền, ví và đơn hàng ghi nhận

not-enough-money = ví của { $owner ->
        [brand] nhãn hàng
        [marketplace] sàn
       *[creator] nhà sáng tạo
    } không đủ tiền: cần { $needed }, hiện có { $balance }
batch-orders = hãy gửi từ 1 đến { $max } đơn hàng
order-recorded-with-another-amount = đơn hàng này đã được ghi nhận với số tiền khác
collaboration-takes-no-conversions = hợp tác ở trạng thái { $status } không nhận đơn hàng ghi nhận
conversion-reversed-already = đơn hàng ghi nhận này đã bị hủy rồi
conversion-locked = đơn hàng ghi nhận đã chốt lúc { $at }; hoa hồng của đơn là cố định
adjustment-positive = phải lớn hơn 0 (hãy hủy đơn hàng ghi nhận để hoàn tiền toàn bộ)
order-currency = phải là đơn vị tiền tệ của đơn hàng, { $currency }
below-order-amount = phải nhỏ hơn số tiền hiện tại của đơn hàng, { $amount }
payout-paid-already = khoản thanh toán đã được chi trả: sàn chi trả từ ví của nhãn hàng ngay khi tạo khoản thanh toán
fundings-pending = đang có { $pending } khoản nạp tiền chờ chuyển khoản; hãy thanh toán một khoản hoặc chờ khoản đó hết hạn trước
funding-confirmed-with-another = khoản nạp tiền đã được xác nhận với một giao dịch ngân hàng khác
funding-expired = khoản nạp tiền đã hết hạn; hãy yêu cầu nhãn hàng tạo khoản mới, hoặc ghi có giao dịch chuyển khoản thủ công
bank-transaction-used = giao dịch ngân hàng này đã được dùng để xác nhận một khoản nạp tiền khác
no-creator-profile = người dùng này chưa có hồ sơ nhà sáng tạo
payout-methods-too-many = mỗi nhà sáng tạo có tối đa { $max } phương thức nhận tiền; hãy xóa bớt một phương thức trước
payout-method-exists = phương thức nhận tiền này đã có rồi
payout-method-in-use = đang có lệnh rút tiền về phương thức này chờ chi trả
payout-method-removed = phương thức nhận tiền vừa bị xóa
withdrawal-minimum = mỗi lệnh rút tiền tối thiểu { $least }
never-paid-in = bạn chưa từng được thanh toán bằng { $currency }
withdrawal-already = lệnh rút tiền đã ở trạng thái { $status }
bank-code-required = chuyển khoản ngân hàng cần mã viết tắt của ngân hàng, ví dụ VCB
bank-code-only-for-transfer = chỉ chuyển khoản ngân hàng mới có mã ngân hàng
bank-unknown = không phải ngân hàng Việt Nam mà chúng tôi biết; hãy dùng mã viết tắt, ví dụ VCB, TCB, MB
account-number-digits = số tài khoản chỉ gồm chữ số
account-number-length = số tài khoản có từ 6 đến 19 chữ số
phone-digits = số điện thoại chỉ gồm chữ số
mobile-invalid = không phải số di động Việt Nam, ví dụ 0901234567 hoặc +84901234567
holder-name-letters = tên chủ tài khoản chỉ gồm chữ cái và khoảng trắng, đúng như ngân hàng ghi nhận
holder-name-too-long = tối đa { $max } ký tự như ngân hàng in

## Webhook

webhook-no-events = hãy chọn ít nhất một loại sự kiện
webhook-events-too-many = tối đa { $max } loại sự kiện
webhook-endpoints-too-many = tối đa { $max } địa chỉ webhook; hãy xóa bớt một địa chỉ trước
webhook-delivery-busy = lần gửi này đang được thực hiện; vui lòng thử lại sau một phút
not-a-url = không phải URL: { $reason }
https-url = phải là URL https
non-public-address = không được trỏ tới địa chỉ riêng, loopback hoặc địa chỉ không công khai khác
url-without-host = phải có tên máy chủ
host-lookup-timeout = không phân giải được tên miền { $host } trong vòng { $timeout }
host-unresolved = không phân giải được tên miền { $host }: { $reason }
host-without-address = tên miền { $host } không có địa chỉ nào
host-not-public = tên miền { $host } trỏ tới { $address }, không phải địa chỉ công khai

## Thông báo: đề xuất và đề nghị

notice-application-received = { $creator } đã ứng tuyển vào “{ $title }”
notice-invitation-received = { $brand } đã mời bạn tham gia “{ $title }”
notice-offer-received = { $name } đã gửi đề nghị cho “{ $title }”
notice-proposal-declined = { $name } đã từ chối đề xuất cho “{ $title }”
notice-proposal-withdrawn = { $name } đã rút khỏi “{ $title }”
notice-offer-expired = Đề nghị { $version } cho “{ $title }” đã hết hạn mà không được phản hồi: đề xuất đã đóng
notice-message-received = { $name } đã gửi tin nhắn về “{ $title }”
notice-brief-ended = “{ $title }” đã kết thúc: { $reason }

## Hợp tác

collaboration-is = hợp tác đang ở trạng thái { $status }
only-brand-completes = chỉ nhãn hàng mới được hoàn tất hợp tác
only-creator-requests-completion = chỉ nhà sáng tạo mới được yêu cầu hoàn tất
deliverables-not-published = còn { $waiting } hạng mục nội dung chưa được đăng
completion-already-requested = đã yêu cầu hoàn tất lúc { $at }
cancel-all-published = mọi hạng mục nội dung đã được đăng: nhãn hàng hãy hoàn tất hợp tác thay vì hủy

## Bàn giao nội dung: bài nộp, duyệt, đăng bài, số liệu

media-urls-count = hãy gửi từ 1 đến { $max } URL
only-creator-submits = chỉ nhà sáng tạo mới được nộp nội dung
only-brand-reviews = chỉ nhãn hàng mới được duyệt nội dung
only-creator-publishes = chỉ nhà sáng tạo mới được đăng nội dung
only-creator-attests = chỉ nhà sáng tạo mới được xác nhận đã dùng sản phẩm
deliverable-not-awaiting-content = hạng mục nội dung đang ở trạng thái { $status }; chỉ nộp nội dung khi hạng mục đang chờ nội dung hoặc chờ chỉnh sửa
deliverable-not-approved = hạng mục nội dung đang ở trạng thái { $status }; nội dung chỉ được đăng sau khi được duyệt
deliverable-not-published = hạng mục nội dung đang ở trạng thái { $status }; số liệu chỉ được báo cáo sau khi nội dung đã đăng
feedback-required = hãy nói rõ cần thay đổi gì: phản hồi không được để trống
unlabelled-reason-only-to-approve = chỉ đưa ra lý do khi APPROVE một bài nộp chưa gắn nhãn quảng cáo
submission-not-in-review = bài nộp đang ở trạng thái { $status }; chỉ bài nộp đang chờ duyệt mới được duyệt
submission-reviewed-meanwhile = bài nộp vừa được duyệt; vui lòng tải lại
review-window-closed = thời hạn duyệt đã kết thúc lúc { $at }: sàn sẽ tự duyệt bài nộp
caption-labelled = chú thích đã có nhãn quảng cáo ({ $labels }): không cần lý do
caption-unlabelled = chú thích chưa có nhãn quảng cáo (như "#quangcao" hoặc "được tài trợ") mà Luật Quảng cáo yêu cầu: hãy yêu cầu chỉnh sửa, hoặc nêu lý do duyệt bài
no-revision-round-left = đã hết lượt chỉnh sửa: điều khoản cho phép { $rounds } lượt và tất cả đã được dùng
product-use-not-attested = Luật Quảng cáo cấm quảng cáo sản phẩm chưa sử dụng: hãy xác nhận đã dùng sản phẩm trước (attestProductUse)
attest-after-publishing = hạng mục nội dung đang ở trạng thái PUBLISHED: việc sử dụng sản phẩm phải được xác nhận trước khi đăng
submission-reviewed = bài nộp vừa được duyệt

## Thông báo: hợp tác và nội dung

notice-offer-accepted = { $name } đã chấp nhận đề nghị cho “{ $title }”
notice-content-submitted = { $creator } đã nộp nội dung (phiên bản { $version }) cho “{ $title }”
notice-content-approved = { $brand } đã duyệt phiên bản { $version } nội dung của bạn cho “{ $title }”
notice-changes-requested = { $brand } đã yêu cầu chỉnh sửa phiên bản { $version } nội dung của bạn cho “{ $title }”
notice-deliverable-published = { $creator } đã đăng nội dung cho “{ $title }”
notice-completion-requested = { $creator } đã yêu cầu hoàn tất hợp tác “{ $title }”: hợp tác sẽ tự hoàn tất vào ngày { $due } nếu bạn không hoàn tất trước
notice-collaboration-completed = { $brand } đã hoàn tất hợp tác “{ $title }”
notice-collaboration-auto-completed = Hợp tác “{ $title }” đã tự hoàn tất: { $brand } không hoàn tất kịp thời hạn
notice-collaboration-cancelled = { $name } đã hủy hợp tác “{ $title }”: { $reason }
notice-review-due-soon = Hãy duyệt phiên bản { $version } nội dung của { $creator } cho “{ $title }” trước { $time } ngày { $date } (giờ Việt Nam), nếu không bài nộp sẽ được tự động duyệt
notice-content-auto-approved = Phiên bản { $version } nội dung của { $creator } cho “{ $title }” không được duyệt kịp thời hạn nên đã được tự động duyệt
notice-deliverable-overdue = Hạng mục nội dung { $position } của “{ $title }” đã quá hạn mà chưa được đăng

## Sản phẩm mẫu

only-brand-ships = chỉ nhãn hàng mới được gửi sản phẩm mẫu
only-creator-confirms-receipt = chỉ nhà sáng tạo mới được xác nhận đã nhận hàng
only-creator-extends = chỉ nhà sáng tạo mới được xin gia hạn
no-sample-in-terms = điều khoản của giao dịch không tặng sản phẩm (giftProduct là false): không có sản phẩm mẫu để gửi
sample-shipped-already = sản phẩm mẫu của hợp tác này đã được gửi rồi
sample-not-shipped = sản phẩm mẫu đang ở trạng thái { $status }; chỉ xác nhận đã nhận một lần, khi sản phẩm đang SHIPPED
sample-not-received = sản phẩm mẫu đang ở trạng thái { $status }; chỉ gia hạn hạn đăng bài của sản phẩm mẫu đã RECEIVED
sample-extended-already = hạn đăng bài đã được gia hạn rồi: chỉ được gia hạn một lần
post-by-passed = hạn đăng bài đã qua lúc { $at }
sample-changed = sản phẩm mẫu vừa được thay đổi

## Thông báo: sản phẩm mẫu

notice-sample-shipped = { $brand } đã gửi sản phẩm mẫu cho “{ $title }” qua { $carrier }, mã vận đơn { $tracking_number }
notice-sample-received = { $creator } đã nhận sản phẩm mẫu cho “{ $title }”; hạn đăng nội dung là { $post_by }
notice-sample-post-by-extended = { $creator } đã gia hạn cho sản phẩm mẫu của “{ $title }”: hạn đăng nội dung mới là { $post_by }
notice-sample-overdue = Sản phẩm mẫu của “{ $title }” đã quá hạn đăng bài mà nội dung vẫn chưa được đăng

## Thông báo: tiền

notice-conversion-recorded = { $brand } đã ghi nhận đơn hàng { $order } trị giá { $amount } cho “{ $title }”
notice-conversion-recorded-with-commission = { $brand } đã ghi nhận đơn hàng { $order } trị giá { $amount } cho “{ $title }”: hoa hồng { $commission }
notice-conversion-reversed = { $brand } đã hủy đơn hàng { $order } cho “{ $title }” ({ $reason }): hoa hồng { $commission } không còn được tính
notice-conversion-adjusted = { $brand } đã giảm giá trị đơn hàng { $order } cho “{ $title }” từ { $from } xuống { $to } ({ $reason }): hoa hồng { $commission }
notice-commission-settled = { $brand } đã trả { $amount } hoa hồng cho “{ $title }” vào ví của bạn
notice-payout-paid = { $brand } đã thanh toán { $amount } cho “{ $title }” (mã tham chiếu { $reference })
notice-funds-received = { $amount } đã về ví của bạn (chuyển khoản { $reference })
notice-withdrawal-paid = { $amount } đã được chuyển tới phương thức nhận tiền của bạn (mã tham chiếu { $reference })
notice-withdrawal-failed = lệnh rút { $amount } của bạn không thành công ({ $reason }); số tiền đã được hoàn về ví của bạn
