"""Size limits enforced while an upload streams in, before anything is stored whole."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload


class LimitedUploadHandler(FileUploadHandler):
    """Skip a file as soon as it passes the per-file limit; stop the upload past the total limit.

    Put first in ``request.upload_handlers``: the chunks of a file it skips never
    reach the handlers that write to memory or disk. What it refused is kept in
    ``refused`` ((field name, file name) pairs) and ``over_total`` so the form can
    say what to fix, under the field each file came from.
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
        # A generous margin: the form reports the exact count, this stops a flood of parts.
        if self.count > self.max_files * 4:
            self.too_many = True
            raise StopUpload(connection_reset=False)

    def receive_data_chunk(self, raw_data, start):
        self.current += len(raw_data)
        self.total += len(raw_data)
        if self.total > self.max_total_size:
            self.over_total = True
            raise StopUpload(connection_reset=False)
        if self.current > self.max_file_size:
            self.refused.append((self.field_name, self.file_name))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
