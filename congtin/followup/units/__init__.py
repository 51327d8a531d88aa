"""The unit tree: its import (CSV/XLSX/JSON) and its back-office pages."""
