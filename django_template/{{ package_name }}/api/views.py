"""API views."""

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from .models import Note
from .serializers import NoteSerializer


class NoteViewSet(viewsets.ModelViewSet):
    """Create, list, read, change and delete the signed-in user's notes.

    Other users' notes are invisible: they answer 404, not 403, so their ids leak nothing.
    """

    serializer_class = NoteSerializer
    # Only tells the schema generator the model; get_queryset() decides what a user sees.
    queryset = Note.objects.none()

    def get_queryset(self) -> QuerySet[Note]:
        # Only signed-in users get this far (IsAuthenticated).
        return Note.objects.filter(owner_id=self.request.user.pk).select_related("owner")

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.save(owner=self.request.user)


class TokenView(APIView):
    """Your API token: create or replace it (POST), or revoke it (DELETE).

    POST with ``username`` and ``password`` (scripts, command line), or with nothing from
    a signed-in browser session. Either way a new token replaces the old one, which stops
    working at once. Send it as ``Authorization: Bearer <token>``.
    """

    permission_classes = (AllowAny,)  # post() checks the credentials itself
    throttle_scope = "token"  # a tight rate (API_THROTTLE_TOKEN) against password guessing

    @extend_schema(
        request=AuthTokenSerializer,
        responses={201: AuthTokenSerializer, 400: OpenApiResponse(description="Bad credentials")},
    )
    def post(self, request: Request) -> Response:
        if request.user.is_authenticated:
            user = request.user
        else:
            credentials = AuthTokenSerializer(data=request.data, context={"request": request})
            credentials.is_valid(raise_exception=True)
            user = credentials.validated_data["user"]
        with transaction.atomic():
            Token.objects.filter(user=user).delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
