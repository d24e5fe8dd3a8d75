"""The ENG_ functions under the name workbooks know them by.

Excel finds them through ``UDF Modules = xlengine.udfs`` on the workbook's xlwings.conf
sheet, and the generated VBA wrappers call ``xlengine.udfs``; both name this module. The
functions and their plumbing live in :mod:`xlengine.excel.functions`.
"""

from .excel.functions import *  # noqa: F401,F403
from .excel.functions import __all__  # noqa: F401
