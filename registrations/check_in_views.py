from django.http import HttpResponse


def check_in(request, code):
    return HttpResponse(status=501)


def desk(request, slug):
    return HttpResponse(status=501)
