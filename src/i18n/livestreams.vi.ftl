# Phiên livestream của KOS (`src/livestreams.rs`).

## Thông báo

livestream-scheduled = { $creator } đã lên lịch livestream trên { $platform } cho “{ $title }” lúc { $starts }
livestream-ended = { $creator } đã kết thúc phiên livestream { $number } cho “{ $title }”: { $viewers } người xem, cao nhất { $peak }, { $minutes } phút
livestream-cancelled = { $who } đã huỷ phiên livestream cho “{ $title }” dự kiến lúc { $starts }

## Lỗi

action-schedule-livestreams = lên lịch livestream
action-start-livestreams = bắt đầu livestream
action-end-livestreams = kết thúc livestream

livestream-creator-only = chỉ nhà sáng tạo mới điều hành phiên livestream của mình
livestream-changed = phiên livestream vừa thay đổi; vui lòng tải lại
livestream-collaboration-not-active = hợp tác đang ở trạng thái { $status }
livestream-starts-in-future = phải là thời điểm trong tương lai
livestream-too-far = phải trong vòng { $days } ngày kể từ bây giờ
livestream-planned-minutes = phải từ 1 đến { $max } phút
livestream-duration = phải từ 0 đến { $max } phút
livestream-figure-negative = phải từ 0 trở lên
livestream-peak-above-total = không được lớn hơn totalViewers
livestream-products-count = phải có từ 1 đến { $max } sản phẩm
livestream-price-currency = phải theo đơn vị tiền tệ của chiến dịch, { $currency }
livestream-price-positive = phải lớn hơn 0
livestream-overlap = trùng với một phiên livestream khác của nhà sáng tạo, từ { $starts } đến { $ends }
livestream-too-many = một hợp tác có tối đa { $max } phiên livestream
livestream-not-scheduled = phiên livestream đang ở trạng thái { $status }; chỉ phiên SCHEDULED mới làm được việc này
livestream-not-live = phiên livestream đang ở trạng thái { $status }; chỉ phiên LIVE mới kết thúc được
livestream-too-early = phiên livestream có thể bắt đầu từ { $earliest }
livestream-order-not-live = phiên livestream đang ở trạng thái { $status }: đơn hàng chỉ đến từ phiên LIVE hoặc ENDED
livestream-session-code = phải là mã phiên livestream của hợp tác có đơn hàng, { $code }-1, { $code }-2…, khớp với mã theo dõi
