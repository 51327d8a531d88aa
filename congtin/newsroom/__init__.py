"""The editorial office: roles (groups with per-section permissions) and the three-level
approval workflow (Biên tập → Thư ký tòa soạn → Lãnh đạo duyệt) on Wagtail's workflows."""
