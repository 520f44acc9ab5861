"""What the tests and the benchmarks share: the gunicorn launcher (gunicorn.py), the
registration form's data (forms.py), and real faults between the portal and its servers
(faults.py, with faults_wsgi.py as the application the fault tests serve)."""
