"""Unit lists (pasted, CSV, XLSX, JSON) are checked whole, errors name the row; the tree is
checked against the units already saved; importing again updates by code."""

import pytest

from congtin.followup.models import Unit
from congtin.followup.units import unit_import
from tests.conferences.support import xlsx_bytes
from tests.followup.support import make_tree

HEADER = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Cấp", "Quận/Huyện", "Bí thư", "Thư điện tử", "SĐT"]


def parsed_and_checked(text):
    return unit_import.check_tree(unit_import.parse_text(text))


def test_pasted_rows_follow_the_column_order_and_levels_are_read_folded():
    parsed = unit_import.parse_text(
        "TD\tThành đoàn Hoa Phượng\t\tThành đoàn\n"
        "QD1\tQuận đoàn Hồng Bàng\tTD\tQUẬN ĐOÀN\tQuận Hồng Bàng\tLê Văn An\tan@example.vn\t0912 345 678\tDC01\t2\n"
        "HD2\tHuyện đoàn Thủy Nguyên\tTD\thuyen doan\n"
        "TT3\tĐoàn Khối doanh nghiệp\tTD\tĐoàn trực thuộc\n"
        "CS1\tĐoàn phường Minh Khai\tQD1\tĐoàn cơ sở\n"
        "CD1\tChi đoàn 1\tCS1\tChi đoàn\n"
    )
    assert parsed.ok, parsed.error_messages()
    levels = {row.code: row.level for row in parsed.rows}
    assert levels == {
        "TD": "city",
        "QD1": "district",
        "HD2": "district",
        "TT3": "district",
        "CS1": "grassroots",
        "CD1": "branch",
    }
    qd1 = parsed.rows[1]
    assert (qd1.parent, qd1.district, qd1.secretary_email, qd1.secretary_phone, qd1.bridge_point_code, qd1.weight) == (
        "TD",
        "Quận Hồng Bàng",
        "an@example.vn",
        "0912 345 678",
        "DC01",
        2,
    )


def test_bad_xlsx_rows_are_each_named_by_their_sheet_row():
    rows = [
        HEADER,
        ["TD", "Thành đoàn", None, "Thành đoàn"],
        ["QD1", None, "TD", "Quận đoàn"],  # row 3
        ["QD2", "Quận đoàn 2", "TD", "Liên đoàn"],  # row 4
        ["QD3", "Quận đoàn 3", "TD", "Quận đoàn", None, None, "khong-phai-email"],  # row 5
        ["QD4", "Quận đoàn 4", "QD4"],  # row 6
        ["QD6", "Q" * 256, "TD"],  # row 7
        ["td", "Trùng mã", None],  # row 8
    ]
    parsed = unit_import.parse_upload("don-vi.xlsx", xlsx_bytes(rows))
    assert parsed.rows == []
    assert parsed.error_messages() == [
        "Dòng 3: thiếu tên đơn vị",
        "Dòng 4: cấp “Liên đoàn” không rõ (chỉ nhận: Thành đoàn, Quận đoàn, Huyện đoàn, Đoàn trực thuộc, "
        "Đoàn cơ sở, Chi đoàn)",
        "Dòng 5: thư điện tử “khong-phai-email” không hợp lệ",
        "Dòng 6: đơn vị “QD4” không thể là cấp trên của chính nó",
        "Dòng 7: tên đơn vị dài quá 255 ký tự",
        "Dòng 8: mã đơn vị “td” trùng với dòng 2",
    ]


def test_unicode_digits_and_nul_are_row_errors():
    parsed = unit_import.parse_upload(
        "don-vi.csv",
        (
            "code,name,weight,phone\nQD1,Quận đoàn 1,٣,\n"
            "QD2,Quận đoàn 2,1,０９１２３４５６７８\nQD3,Quận\x00 đoàn 3,,\n"
        ).encode(),
    )
    assert parsed.error_messages() == [
        "Dòng 2: trọng số phải là số nguyên từ 0 đến 1000 (đang là “٣”)",
        "Dòng 3: số điện thoại “０９１２３４５６７８” không hợp lệ",
        "Dòng 4: tên đơn vị chứa ký tự điều khiển không hợp lệ",
    ]


@pytest.mark.django_db
def test_a_parent_may_come_later_in_the_list_or_be_saved_already():
    make_tree(districts=1, grassroots=0)  # TD, QD1
    parsed = parsed_and_checked("code,name,parent\nCS1,Đoàn phường 1,QD9\nQD9,Quận đoàn 9,TD\nCS2,Đoàn phường 2,QD1\n")
    assert parsed.ok, parsed.error_messages()
    counts = unit_import.import_units(parsed.rows)
    assert (counts.created, counts.updated) == (3, 0)
    assert Unit.objects.get(code="CS1").parent.code == "QD9"
    assert Unit.objects.get(code="QD9").parent.code == "TD"
    assert Unit.objects.get(code="CS2").parent.code == "QD1"


@pytest.mark.django_db
def test_unknown_parents_and_cycles_are_row_errors_and_nothing_is_saved():
    make_tree(districts=1, grassroots=1)  # TD, QD1, QD1-1
    parsed = parsed_and_checked(
        "code,name,parent\n"
        "A,Đơn vị A,B\n"
        "B,Đơn vị B,A\n"
        "C,Đơn vị C,KHONG-CO\n"
        "TD,Thành đoàn,QD1-1\n"  # the saved QD1-1 is below TD: a cycle through saved units
    )
    assert parsed.rows == []
    assert parsed.error_messages() == [
        "Dòng 2: đơn vị cấp trên tạo thành vòng lặp (A → B → A)",
        "Dòng 3: đơn vị cấp trên tạo thành vòng lặp (B → A → B)",
        "Dòng 4: không có đơn vị cấp trên mã “KHONG-CO” (trong danh sách hay đã lưu)",
        "Dòng 5: đơn vị cấp trên tạo thành vòng lặp (TD → QD1-1 → QD1 → TD)",
    ]
    assert Unit.objects.count() == 3


@pytest.mark.django_db
def test_every_fault_of_a_list_is_named_in_one_pass():
    """A row's every fault, and the tree's faults beside other rows' own: one upload to mend."""
    make_tree(districts=1, grassroots=0)  # TD, QD1
    parsed = parsed_and_checked(
        "code,name,parent,level,email,weight\n"
        "QD2,Quận đoàn 2,TD,Quận đoàn,bi-thu@,x\n"  # two faults of its own
        "CS1,Đoàn phường 1,QD2,Đoàn cơ sở,,\n"  # its parent has faults, but is listed
        "CS2,Đoàn phường 2,KHONG-CO,Đoàn cơ sở,,\n"  # an unknown parent, beside the others
        "CS3,,QD1,Tổ đoàn,,\n"  # no name and an unknown level
    )
    assert parsed.rows == []
    assert parsed.error_messages() == [
        "Dòng 2: thư điện tử “bi-thu@” không hợp lệ; trọng số phải là số nguyên từ 0 đến 1000 (đang là “x”)",
        "Dòng 4: không có đơn vị cấp trên mã “KHONG-CO” (trong danh sách hay đã lưu)",
        "Dòng 5: thiếu tên đơn vị; cấp “Tổ đoàn” không rõ (chỉ nhận: Thành đoàn, Quận đoàn, Huyện đoàn, "
        "Đoàn trực thuộc, Đoàn cơ sở, Chi đoàn)",
    ]
    assert Unit.objects.count() == 2


@pytest.mark.django_db
def test_reimport_updates_by_code_never_duplicates_and_keeps_columns_the_list_lacks():
    first = parsed_and_checked(
        "Mã đơn vị;Tên đơn vị;Mã đơn vị cấp trên;Cấp;Thư điện tử\n"
        "TD;Thành đoàn;;Thành đoàn;\n"
        "QD1;Quận đoàn 1;TD;Quận đoàn;qd1@example.vn\n"
    )
    unit_import.import_units(first.rows)
    second = parsed_and_checked("code,name\nQD1,Quận đoàn Một\nQD2,Quận đoàn Hai\n")
    counts = unit_import.import_units(second.rows)
    assert (counts.created, counts.updated) == (1, 1)
    assert sorted(Unit.objects.values_list("code", flat=True)) == ["QD1", "QD2", "TD"]
    qd1 = Unit.objects.get(code="QD1")
    assert (qd1.name, qd1.parent.code, qd1.level, qd1.secretary_email) == (
        "Quận đoàn Một",
        "TD",
        "district",
        "qd1@example.vn",
    )


def test_json_records_are_numbered_and_checked():
    parsed = unit_import.parse_records(
        [{"code": "TD", "name": "Thành đoàn"}, "QD1", {"code": "QD2", "name": "Q", "fax": "1"}, {"code": "QD3"}]
    )
    assert parsed.error_messages() == [
        "Đơn vị thứ 2: mỗi đơn vị phải là một đối tượng JSON {...}",
        "Đơn vị thứ 3: khóa không được hỗ trợ: fax (chỉ nhận: code, name, parent, level, district, "
        "secretary_name, secretary_email, secretary_phone, bridge_point_code, weight)",
        "Đơn vị thứ 4: thiếu tên đơn vị",
    ]


def test_too_many_rows_is_one_error():
    text = "".join(f"U{number}\tĐơn vị {number}\n" for number in range(unit_import.MAX_ROWS + 1))
    assert unit_import.parse_text(text).error_messages() == ["Danh sách có 5001 đơn vị, nhiều hơn mức cho phép (5000)."]
