"""Size limits enforced while an upload streams in, before anything is stored whole."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class LimitedUploadHandler(FileUploadHandler):
    """Skip a file as soon as it passes the per-file limit, and every file once past the total limit or count.

    Put first in ``request.upload_handlers``: the chunks of a file it skips never
    reach the handlers that write to memory or disk. What it refused is kept in
    ``refused`` ((field name, file name) pairs), ``over_total`` and ``too_many`` so
    the form can say what to fix, under the field each file came from. Files are
    skipped, never the rest of the body: the fields after them (the choice of
    publication) are still read, and the form gives them back as they were sent.
    Django's DATA_UPLOAD_MAX_NUMBER_FILES bounds how many parts are read at all.
    """

    def __init__(self, request=None, *, max_file_size, max_total_size, max_files):
        super().__init__(request)
        self.max_file_size = max_file_size
        self.max_total_size = max_total_size
        self.max_files = max_files
        self.refused = []
        self.over_total = False
        self.too_many = False
        self.total = 0
        self.count = 0
        self.current = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.current = 0
        if file_name:
            self.count += 1
        # A generous margin: the form reports the exact count, this keeps a flood of parts off the disk.
        if self.count > self.max_files * 4:
            self.too_many = True
        if self.too_many or self.over_total:
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.current += len(raw_data)
        self.total += len(raw_data)
        if self.total > self.max_total_size:
            self.over_total = True
            raise SkipFile
        if self.current > self.max_file_size:
            self.refused.append((self.field_name, self.file_name))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
