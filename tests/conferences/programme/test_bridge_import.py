"""Bridge point lists (pasted, CSV, XLSX, JSON) are checked whole and errors name the row;
importing again updates by code and never duplicates."""

from congtin.conferences.models import BridgePoint
from congtin.conferences.programme import bridge_import
from congtin.conferences.programme.bridge_import import BridgePointRow
from tests.conferences.support import VIETNAMESE_HEADER, good_rows, xlsx_bytes


def test_pasted_rows_without_header_follow_the_column_order():
    parsed = bridge_import.parse_text(
        "DC01\tHuyện đoàn Đồng Xanh\tHuyện Đồng Xanh\tThị trấn Đồng Xanh\tLê Văn An\t0225 3812 345\t25\n"
        "\n"
        "DC02\tĐoàn phường Bến Đá\tQuận Trung Tâm\n"
    )
    assert parsed.ok, parsed.error_messages()
    assert parsed.rows == [
        BridgePointRow(
            "DC01", "Huyện đoàn Đồng Xanh", "Huyện Đồng Xanh", "Thị trấn Đồng Xanh", "Lê Văn An", "0225 3812 345", 25
        ),
        BridgePointRow("DC02", "Đoàn phường Bến Đá", "Quận Trung Tâm"),
    ]


def test_english_header_may_put_columns_in_any_order():
    parsed = bridge_import.parse_text("expected,name,code\n20,Quận đoàn Hoa Sen,DC07\n")
    assert parsed.rows == [BridgePointRow("DC07", "Quận đoàn Hoa Sen", expected=20)]


def test_csv_file_with_bom_semicolons_and_vietnamese_header():
    text = "Mã điểm cầu;Tên đơn vị;Quận/huyện;Số người dự kiến\nDC01;Quận đoàn Bến Cảng;Quận Bến Cảng;30\n"
    parsed = bridge_import.parse_upload("diem-cau.csv", text.encode("utf-8-sig"))
    assert parsed.rows == [BridgePointRow("DC01", "Quận đoàn Bến Cảng", "Quận Bến Cảng", expected=30)]


def test_decomposed_text_pasted_from_a_mac_is_stored_composed():
    import unicodedata

    parsed = bridge_import.parse_text(unicodedata.normalize("NFD", "DC01\tQuận đoàn Hải Đăng"))
    assert parsed.rows[0].name == unicodedata.normalize("NFC", "Quận đoàn Hải Đăng")


def test_xlsx_with_56_rows_keeps_phone_zeros_and_whole_numbers():
    rows = good_rows(56)
    rows[3][6] = 912345678  # typed as a number: Excel dropped the leading 0
    rows[4][7] = 22.0
    parsed = bridge_import.parse_upload("diem-cau.xlsx", xlsx_bytes([VIETNAMESE_HEADER, *rows]))
    assert parsed.ok, parsed.error_messages()
    assert len(parsed.rows) == 56
    assert parsed.rows[3].phone == "0912345678"
    assert parsed.rows[4].expected == 22
    assert parsed.rows[55] == BridgePointRow(
        "DC56", "Quận đoàn số 56", "Quận 56", "Số 56 Phố Hoa", "Trần Thị Mai", "0912 345 678", 18
    )


def test_bad_xlsx_rows_are_reported_by_their_sheet_row_number():
    rows = good_rows(8)
    rows[5][2] = None  # sheet row 7 (the header is row 1)
    rows[6][7] = "hai mươi"
    rows[7][1] = "DC02"
    parsed = bridge_import.parse_upload("diem-cau.xlsx", xlsx_bytes([VIETNAMESE_HEADER, *rows]))
    assert parsed.rows == []
    assert parsed.error_messages() == [
        "Dòng 7: thiếu tên đơn vị",
        "Dòng 8: số người dự kiến phải là số nguyên không âm (đang là “hai mươi”)",
        "Dòng 9: mã điểm cầu “DC02” trùng với dòng 3",
    ]


def test_bad_csv_rows_are_reported_by_line_number():
    text = "code,name,phone,expected\nDC01,Quận đoàn A,0912345678,10\n,Quận đoàn B,,5\nDC03,Quận đoàn C,gọi sau,-4\n"
    parsed = bridge_import.parse_upload("ds.csv", text.encode())
    assert parsed.error_messages() == [
        "Dòng 3: thiếu mã điểm cầu",
        "Dòng 4: số điện thoại “gọi sau” không hợp lệ",
    ]


def test_header_without_a_name_column_is_one_clear_error():
    parsed = bridge_import.parse_text("Mã điểm cầu;Quận/huyện\nDC01;Quận 1\n")
    assert parsed.error_messages() == ["Dòng 1: dòng tiêu đề thiếu cột tên đơn vị"]


def test_files_that_cannot_be_read_say_what_to_do():
    windows_1258 = b"DC01,\xd0o\xe0n"  # "Đoàn" saved by Excel as plain "CSV"
    assert "CSV UTF-8" in bridge_import.parse_upload("ds.csv", windows_1258).error_messages()[0]
    assert ".xlsx" in bridge_import.parse_upload("ds.xls", b"\xd0\xcf\x11\xe0").error_messages()[0]
    assert bridge_import.parse_upload("ds.xlsx", b"not a zip").error_messages() == [
        "Tệp không phải bảng tính .xlsx hợp lệ."
    ]
    assert bridge_import.parse_text(" \n\n").error_messages() == ["Danh sách trống: không có điểm cầu nào."]


def test_json_records_are_checked_with_their_position():
    parsed = bridge_import.parse_records(
        [{"code": "DC01", "name": "A"}, {"code": "DC02"}, "DC03", {"code": "X", "name": "B", "email": "x"}]
    )
    assert parsed.error_messages() == [
        "Điểm cầu thứ 2: thiếu tên đơn vị",
        "Điểm cầu thứ 3: mỗi điểm cầu phải là một đối tượng JSON {...}",
        "Điểm cầu thứ 4: khóa không được hỗ trợ: email "
        "(chỉ nhận: code, name, district, address, coordinator, phone, expected)",
    ]


def test_reimport_updates_by_code_keeps_tokens_and_never_duplicates(conference):
    first = bridge_import.parse_text("DC01\tQuận đoàn A\tQuận 1\t\t\t\t10\nDC02\tQuận đoàn B\tQuận 2\t\t\t\t12\n")
    counts = conference.import_bridge_points(first.rows)
    assert (counts.created, counts.updated) == (2, 0)
    token = BridgePoint.objects.get(conference=conference, code="DC01").token

    second = bridge_import.parse_text("DC01\tQuận đoàn A (đổi tên)\tQuận 1\t\t\t\t15\nDC03\tQuận đoàn C\n")
    counts = conference.import_bridge_points(second.rows)
    assert (counts.created, counts.updated) == (1, 1)
    points = {point.code: point for point in BridgePoint.objects.filter(conference=conference)}
    assert sorted(points) == ["DC01", "DC02", "DC03"]  # DC02, absent from the list, is kept
    assert points["DC01"].name == "Quận đoàn A (đổi tên)"
    assert points["DC01"].expected_participants == 15
    assert points["DC01"].token == token
